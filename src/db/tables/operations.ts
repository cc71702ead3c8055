import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { isoNow } from "../columns";

/** Messages that exhausted their retries (or could not be decoded): kept for operators. */
export const deadLetters = sqliteTable("dead_letters", {
  /** The queue message id, so a redelivered dead letter is recorded once. */
  id: text("id").primaryKey(),
  queue: text("queue").notNull(),
  body: text("body").notNull(),
  attempts: integer("attempts").notNull(),
  reason: text("reason"),
  receivedAt: text("received_at").notNull().default(isoNow),
});
