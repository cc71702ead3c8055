import { eq } from "drizzle-orm";
import { sites } from "./db/schema";
import type { Db } from "./env";

export type Site = typeof sites.$inferSelect;

export async function findSite(db: Db, siteId: string): Promise<Site | undefined> {
  return db.select().from(sites).where(eq(sites.id, siteId)).get();
}
