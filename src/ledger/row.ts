// The ledger row every writer produces, typed from the drizzle table, and the rules of its
// columns that reporting relies on.
import { sql } from "drizzle-orm";
import type { ledger } from "../db/tables/ledger";
import { LEDGER_SOURCE } from "./sources";

/**
 * One ledger row as a writer hands it to the statement builder (./insert.ts): the insert type of
 * the drizzle table (camelCase keys of its columns) without `createdAt`, which the database
 * stamps. Renaming or retyping a column in src/db/tables/ledger.ts changes this type, so every
 * writer stops type-checking until it follows.
 *
 * Rules every writer keeps:
 * - `amountMinor` is integer minor units of `currency` (ISO 4217), never a float.
 * - `dedupeKey` is namespaced by the writer's idempotency rule (`event:<transaction id>`,
 *   `hist:…`, `ref:<Reference>|<instant>`, `acct:<schedule>:<month>`) and is unique per site.
 * - `occurredAt` is ISO 8601 UTC with milliseconds and `Z` (text order is time order).
 * - `isRecurring` says whether the row is one period's amount of a recurring revenue stream:
 *   - true: a month of an account schedule of a recurring type (`RECURRING_SCHEDULE_TYPES`:
 *     ARR, MRR), or an event whose sender said `is_recurring: true`;
 *   - false: a month of a One Time or Other schedule, or an event that said false;
 *   - null: nobody said (history, batch and single records, events without the field).
 *   `/mrr` takes an account's MRR in a month from exactly the account-file rows with
 *   isRecurring true (`recurringAccountRows`); nothing else decides what counts as recurring.
 */
export type LedgerRow = Omit<typeof ledger.$inferInsert, "createdAt">;
export type LedgerColumn = keyof LedgerRow;

/** A ledger row as read back (every column, `createdAt` included). */
export type StoredLedgerRow = typeof ledger.$inferSelect;

/** Account schedule types whose months are recurring revenue (see `LedgerRow.isRecurring`). */
export const RECURRING_SCHEDULE_TYPES = ["ARR", "MRR"] as const;

/** SQL: whether the expression (a schedule type) is one of RECURRING_SCHEDULE_TYPES. */
export function recurringScheduleTypeSql(typeExpression: string): string {
  return `${typeExpression} IN (${RECURRING_SCHEDULE_TYPES.map((t) => `'${t}'`).join(", ")})`;
}

/** SQL condition (on the ledger table, unqualified columns) selecting the rows `/mrr` counts as account MRR. */
export const recurringAccountRows = sql`source = ${LEDGER_SOURCE.accountFile} AND is_recurring = 1`;
