// Who wrote a ledger row. Writers stamp their rows with one of these, and reporting filters and
// validates `source` with the same list, so a new writer is one line here.

export const LEDGER_SOURCE = {
  /** `POST /api/ingest` revenue events, written by the events queue consumer. */
  event: "event",
  /** `POST /v2/history/revenue` (Trackly-compatible bulk history). */
  history: "history",
  /** Rows of a CSV batch job (Ruler-compatible), written by the jobs queue consumer. */
  batch: "batch",
  /** `PUT /v1/{siteId}/revenue/upload`, one record. */
  single: "single",
  /** Months of account revenue schedules (CustomerGauge-compatible account files). */
  accountFile: "account_file",
} as const;

export type LedgerSource = (typeof LEDGER_SOURCE)[keyof typeof LEDGER_SOURCE];

/** Every source, as the tuple that enums (drizzle column, zod query parameter) need. */
export const ledgerSources = [
  LEDGER_SOURCE.event,
  LEDGER_SOURCE.history,
  LEDGER_SOURCE.batch,
  LEDGER_SOURCE.single,
  LEDGER_SOURCE.accountFile,
] as const satisfies readonly LedgerSource[];

// A source added to LEDGER_SOURCE but not to the tuple fails the type check here.
type Missing = Exclude<LedgerSource, (typeof ledgerSources)[number]>;
const everySourceListed: [Missing] extends [never] ? true : Missing = true;
void everySourceListed;
