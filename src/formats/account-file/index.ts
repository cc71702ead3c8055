// Account revenue files (contract §6): readers for CSV, XLSX and XML, and the record rules.
export { readAccountFile, type AccountFileResult } from "./read-account-file";
export type { AccountRecord } from "./record";
export type { AccountFileError } from "./refusal";
export type { AccountFileFormat } from "./detect";
export { accountKey, accountDisplayName } from "./account-name";
export { revenueTypes, type RevenueType } from "./revenue-type";
export { MAX_FILE_BYTES, MAX_RECORDS } from "./limits";
