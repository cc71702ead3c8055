// The ledger: the row type and its rules, the source names, and the one insert statement builder.
export { ledgerGroupedInsert, ledgerInsert, type LedgerGroup, type LedgerGroupedInsert, type LedgerInsert, type LedgerRefs, type RowOf } from "./insert";
export { isRecurringScheduleType, RECURRING_SCHEDULE_TYPES, recurringAccountRows, type LedgerColumn, type LedgerRow, type StoredLedgerRow } from "./row";
export { LEDGER_SOURCE, ledgerSources, type LedgerSource } from "./sources";
