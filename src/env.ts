import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { Principal } from "./auth/principal";
import type * as schema from "./db/schema";

export type Db = DrizzleD1Database<typeof schema>;

/** Hono environment of the whole app: bindings from `wrangler types`, per-request variables. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    db: Db;
    /** Set by the auth middleware on authenticated routes. */
    principal: Principal;
  };
};
