// Account revenue files (contract §6): readers for CSV, XLSX and XML, and the record rules.

export { accountDisplayName, accountKey } from "./account-name";
export type { AccountFileFormat } from "./detect";
export { MAX_FILE_BYTES, MAX_RECORDS } from "./limits";
export { type AccountFileResult, readAccountFile } from "./read-account-file";
export type { AccountRecord } from "./record";
export type { AccountFileError } from "./refusal";
export { type RevenueType, revenueTypes } from "./revenue-type";
