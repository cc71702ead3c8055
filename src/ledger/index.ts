// The ledger: the row type and its rules, the source names, and the one insert statement builder.
export { ledgerInsert, type LedgerInsert, type LedgerInsertRow, type LedgerRefs, type RowOf } from "./insert";
export {
  RECURRING_SCHEDULE_TYPES,
  recurringAccountRows,
  recurringScheduleTypeSql,
  type LedgerColumn,
  type LedgerRow,
  type StoredLedgerRow,
} from "./row";
export { LEDGER_SOURCE, ledgerSources, type LedgerSource } from "./sources";
