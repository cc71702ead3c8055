// The ledger: the row type and its rules, the source names, and the one insert statement builder.
export { type LedgerInsert, type LedgerInsertRow, type LedgerRefs, ledgerInsert, type RowOf } from "./insert";
export {
  type LedgerColumn,
  type LedgerRow,
  RECURRING_SCHEDULE_TYPES,
  recurringAccountRows,
  recurringScheduleTypeSql,
  type StoredLedgerRow,
} from "./row";
export { LEDGER_SOURCE, type LedgerSource, ledgerSources } from "./sources";
