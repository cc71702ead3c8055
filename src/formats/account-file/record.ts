import { monthsSpanned } from "../revenue-schedule";
import { accountDisplayName } from "./account-name";
import { looksLikeNumber, parseWholeAmount } from "./amount";
import { EMPTY_FIELD, type FileRow, fieldText, isEmptyField } from "./field-value";
import { MAX_ACCOUNT_LENGTH, MAX_DESCRIPTION_LENGTH, MAX_FIELDS, MAX_RECORDS, MAX_SCHEDULE_MONTHS } from "./limits";
import { parseRecordDate } from "./record-date";
import type { AccountFileError } from "./refusal";
import { parseRevenueType, type RevenueType } from "./revenue-type";

/** A valid record of an account revenue file. */
export type AccountRecord = {
  /** Position among the file's records, from 1 (a header row is not counted). */
  record: number;
  /** As written in the file (trimmed); see accountKey for how names compare. */
  account: string;
  /** Whole major units of the site's currency, as minor units. */
  amountMinor: number;
  start: string;
  end: string;
  type: RevenueType;
  description: string | null;
};

export type RecordsResult = { ok: true; records: AccountRecord[] } | { ok: false; errors: AccountFileError[] };

/** Errors listed in one response; the count of the rest is given in a last entry. */
export const MAX_LISTED_ERRORS = 1_000;

/**
 * Any one record's schedule must add up to less than this many minor units, so that sums over
 * a whole file (1,000 records) stay exact integers.
 */
const MAX_RECORD_TOTAL_MINOR = Math.floor(Number.MAX_SAFE_INTEGER / 1024);

/**
 * Applies the record rules of contract §6 to the rows a reader found. Fields are positional:
 * account, amount, start date, end date, type, description (optional). The first row is a
 * header, and skipped, when its amount is not a number (and it has no real date). Every record is checked and every
 * problem reported (all-or-nothing: one bad record refuses the file).
 */
export function readAccountRecords(rows: readonly FileRow[], currency: string): RecordsResult {
  const first = rows[0];
  // A row whose start or end is a real date is data, whatever its amount: it is checked (and
  // its amount refused) rather than silently skipped as a header.
  const hasDate = (row: FileRow) => [row[2], row[3]].some((f) => f !== undefined && parseRecordDate(f, "date").ok);
  const hasHeader = first !== undefined && !looksLikeNumber(first[1] ?? EMPTY_FIELD) && !hasDate(first);
  const dataRows = hasHeader ? rows.slice(1) : rows;
  if (dataRows.length === 0) {
    // A lone row whose amount is not a number was taken for a header: say so, since that row
    // was probably meant as a record.
    const why = hasHeader
      ? ` (its only row was read as a header, because its amount ${JSON.stringify(
          fieldText(first[1] ?? EMPTY_FIELD)
            .trim()
            .slice(0, 50),
        )} is not a number)`
      : "";
    return { ok: false, errors: [{ record: null, field: "file", message: `The file has no records${why}.` }] };
  }
  if (dataRows.length > MAX_RECORDS) {
    return {
      ok: false,
      errors: [{ record: null, field: "file", message: `The file has more than ${MAX_RECORDS.toLocaleString("en-US")} records.` }],
    };
  }

  const errors: AccountFileError[] = [];
  const records: AccountRecord[] = [];
  dataRows.forEach((row, i) => {
    const record = i + 1;
    const errorsBefore = errors.length;
    const fail = (field: string, message: string) => errors.push({ record, field, message });
    const at = (n: number) => row[n] ?? EMPTY_FIELD;

    if (row.slice(MAX_FIELDS).some((f) => !isEmptyField(f))) {
      fail(
        "record",
        "The record has more than 6 fields; fields are account, amount, start date, end date, type and description, in this order.",
      );
    }

    const account = accountDisplayName(fieldText(at(0)));
    if (account === "") fail("account", "The account name is required.");
    else if (account.length > MAX_ACCOUNT_LENGTH) fail("account", `The account name is longer than ${MAX_ACCOUNT_LENGTH} characters.`);

    const amount = parseWholeAmount(at(1), currency);
    if (!amount.ok) fail("amount", amount.message);

    const start = parseRecordDate(at(2), "start date");
    if (!start.ok) fail("start_date", start.message);
    const end = parseRecordDate(at(3), "end date");
    if (!end.ok) fail("end_date", end.message);
    let months = 0;
    if (start.ok && end.ok) {
      months = monthsSpanned(start.iso, end.iso);
      if (end.iso < start.iso) fail("end_date", `The end date ${end.iso} is before the start date ${start.iso}.`);
      else if (months > MAX_SCHEDULE_MONTHS) {
        fail("end_date", `The period ${start.iso} to ${end.iso} spans ${months} months; at most ${MAX_SCHEDULE_MONTHS} are accepted.`);
      }
    }
    if (amount.ok && months > 0 && amount.minor * months > MAX_RECORD_TOTAL_MINOR) {
      fail("amount", `The revenue amount ${fieldText(at(1)).trim()} is too large.`);
    }

    const typeText = fieldText(at(4)).trim();
    const type = parseRevenueType(typeText);
    if (typeText === "") fail("type", "The revenue type is required (ARR, MRR, One Time or Other).");
    else if (!type) fail("type", `The revenue type ${JSON.stringify(typeText)} is not one of ARR, MRR, One Time, Other.`);

    const description = fieldText(at(5)).trim();
    if (description.length > MAX_DESCRIPTION_LENGTH) {
      fail("description", `The description is longer than ${MAX_DESCRIPTION_LENGTH} characters.`);
    }

    if (account && amount.ok && start.ok && end.ok && type && errors.length === errorsBefore) {
      records.push({
        record,
        account,
        amountMinor: amount.minor,
        start: start.iso,
        end: end.iso,
        type,
        description: description === "" ? null : description,
      });
    }
  });

  if (errors.length > 0) {
    if (errors.length > MAX_LISTED_ERRORS) {
      const rest = errors.length - MAX_LISTED_ERRORS;
      errors.length = MAX_LISTED_ERRORS;
      errors.push({ record: null, field: "file", message: `…and ${rest} more errors.` });
    }
    return { ok: false, errors };
  }
  return { ok: true, records };
}
