// One revenue record of the batch surface, whatever it came from: a CSV row (`row.ts`) or the
// JSON body of `PUT /v1/{siteId}/revenue/upload`. Both are mapped to `RevenueRecordInput` and
// checked here, so the two endpoints cannot drift apart on a rule.
import { isCurrencyCode, toMinorUnits } from "../../money";
import { type AdditionalDataProperty, readAdditionalData } from "./additional-data";
import { canonicalDate, type RevenueDate, readRevenueDate } from "./dates";

/** Visitor identifier keys: the four CSV columns, plus `CookieValue` which only JSON has. */
export const VISITOR_ID_KEYS = ["RaId", "EmailAddress", "PhoneNumber", "PayloadValue", "CookieValue"] as const;
export type VisitorIdKey = (typeof VISITOR_ID_KEYS)[number];
export type VisitorIds = { [K in VisitorIdKey]: string | undefined };

/** Longest accepted `Reference` (it is part of the ledger's unique key). */
export const MAX_REFERENCE_LENGTH = 256;
/**
 * Longest accepted text of the other fields (dates, currency, value, identifiers, each label).
 * With MAX_ADDITIONAL_DATA_LENGTH and the reader's record limit this bounds what a row can make
 * the consumer store (README § Security): an accepted file can always be written to D1.
 */
export const MAX_CELL_LENGTH = 1024;
/** Longest accepted AdditionalDataProperties: the CSV cell, or the JSON entries' names and values together. */
export const MAX_ADDITIONAL_DATA_LENGTH = 16 * 1024;

export type RevenueRecordInput = {
  revenueClosedDate: string | undefined;
  currencyCode: string | undefined;
  /** Decimal text, exactly as written (never a float). */
  value: string | undefined;
  leadDate: string | undefined;
  visitor: VisitorIds;
  labels: readonly string[];
  reference: string | undefined;
  /** Cell text (CSV) or already structured entries (JSON). */
  additionalData: string | readonly AdditionalDataProperty[] | undefined;
};

export type BatchRevenueRecord = {
  reference: string;
  closedDate: RevenueDate;
  leadDate: RevenueDate | null;
  currency: string;
  amountMinor: number;
  /** Identifiers given (trimmed); absent or empty ones are undefined. */
  visitor: VisitorIds;
  labels: string[];
  additionalData: AdditionalDataProperty[];
};

/** `column` names the offending column (CSV) or JSON field; null when no single one is at fault. */
export type RecordProblem = { column: string | null; message: string };

export type RecordResult = { ok: true; record: BatchRevenueRecord } | { ok: false; problems: RecordProblem[] };

const DECIMAL_SYNTAX = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Ledger idempotency key shared by batch rows and single uploads: `ref:<Reference>|<instant>`. */
export function revenueDedupeKey(record: Pick<BatchRevenueRecord, "reference" | "closedDate">): string {
  return `ref:${record.reference}|${canonicalDate(record.closedDate)}`;
}

const VISITOR_REQUIRED = "At least one visitor identifier is required (RaId, EmailAddress, PhoneNumber or PayloadValue)";

/**
 * The rules of one record, as a reusable checker: `check` tests every rule and reports every
 * broken one, keeping what it parsed on the checker (dates, currency, amount, reference)
 * instead of allocating per record — it runs once per row of files of up to 500,000 rows
 * inside the upload request, where allocation showed as the main cost. `record` then builds
 * the full record when one is needed (single upload, queue consumer).
 */
export class RevenueRecordCheck {
  readonly problems: RecordProblem[] = [];
  readonly closedDate: RevenueDate = { epochMs: 0, subMs: 0 };
  readonly leadDate: RevenueDate = { epochMs: 0, subMs: 0 };
  hasLeadDate = false;
  currency = "";
  amountMinor = 0;
  reference = "";

  constructor(private readonly nowMs: number) {}

  /**
   * True when `input` breaks no rule; otherwise `problems` says what is wrong. `short`: the caller
   * knows no value can be over MAX_CELL_LENGTH (a CSV row of at most that many bytes).
   */
  check(input: RevenueRecordInput, short = false): boolean {
    const problems = this.problems;
    problems.length = 0;
    // Lengths first: an over-long value is refused without being read further (or echoed in a message).
    if (!short && this.overLong(input)) return false;

    const closedText = input.revenueClosedDate?.trim() ?? "";
    if (closedText === "") {
      problems.push({ column: "RevenueClosedDate", message: "RevenueClosedDate is required" });
    } else {
      const message = readRevenueDate(closedText, this.nowMs, "RevenueClosedDate", this.closedDate);
      if (message !== null) problems.push({ column: "RevenueClosedDate", message });
    }

    const currencyText = input.currencyCode?.trim() ?? "";
    const currency = isUpperCase(currencyText) ? currencyText : currencyText.toUpperCase();
    const currencyOk = isCurrencyCode(currency);
    this.currency = currency;
    if (currencyText === "") {
      problems.push({ column: "CurrencyCode", message: "CurrencyCode is required" });
    } else if (!currencyOk) {
      problems.push({
        column: "CurrencyCode",
        message: `CurrencyCode ${JSON.stringify(currencyText)} is not an active ISO 4217 currency code`,
      });
    }

    const valueText = input.value?.trim() ?? "";
    if (valueText === "") {
      problems.push({ column: "Value", message: "Value is required and must not be empty" });
    } else {
      const r = currencyOk ? toMinorUnits(valueText, currency) : null;
      if (r?.ok) this.amountMinor = r.minor;
      else if (!DECIMAL_SYNTAX.test(valueText)) {
        problems.push({
          column: "Value",
          message: `Value ${JSON.stringify(valueText)} is not a decimal number (digits with an optional '.' and sign, no thousands separators)`,
        });
      } else if (r) problems.push({ column: "Value", message: `Value ${r.error.message}` });
    }

    const leadText = input.leadDate?.trim() ?? "";
    this.hasLeadDate = leadText !== "";
    if (this.hasLeadDate) {
      const message = readRevenueDate(leadText, this.nowMs, "LeadDate", this.leadDate);
      if (message !== null) problems.push({ column: "LeadDate", message });
    }

    const v = input.visitor;
    if (!present(v.RaId) && !present(v.EmailAddress) && !present(v.PhoneNumber) && !present(v.PayloadValue) && !present(v.CookieValue)) {
      problems.push({ column: null, message: VISITOR_REQUIRED });
    }

    const reference = input.reference?.trim() ?? "";
    this.reference = reference;
    if (reference === "") problems.push({ column: "Reference", message: "Reference is required" });
    else if (reference.length > MAX_REFERENCE_LENGTH) {
      problems.push({ column: "Reference", message: `Reference is longer than ${MAX_REFERENCE_LENGTH} characters` });
    }

    const extra = input.additionalData;
    if (typeof extra === "string") {
      const message = readAdditionalData(extra, null);
      if (message !== null) problems.push({ column: "AdditionalDataProperties", message });
    } else if (extra) {
      extra.forEach((p, i) => {
        if (p.name.trim() === "") {
          problems.push({ column: "AdditionalDataProperties", message: `AdditionalDataProperties entry ${i + 1} has an empty Name` });
        }
      });
    }
    return problems.length === 0;
  }

  /** Pushes a problem for each value longer than its limit; true if there was any. */
  private overLong(input: RevenueRecordInput): boolean {
    // The common case (nothing too long) in plain comparisons: this runs for every row of a file.
    const max = MAX_CELL_LENGTH;
    const v = input.visitor;
    const extra = input.additionalData;
    let long =
      (input.revenueClosedDate?.length ?? 0) > max ||
      (input.currencyCode?.length ?? 0) > max ||
      (input.value?.length ?? 0) > max ||
      (input.leadDate?.length ?? 0) > max ||
      (v.RaId?.length ?? 0) > max ||
      (v.EmailAddress?.length ?? 0) > max ||
      (v.PhoneNumber?.length ?? 0) > max ||
      (v.PayloadValue?.length ?? 0) > max ||
      (v.CookieValue?.length ?? 0) > max ||
      (typeof extra === "string"
        ? extra.length > MAX_ADDITIONAL_DATA_LENGTH
        : extra !== undefined && additionalDataLength(extra) > MAX_ADDITIONAL_DATA_LENGTH);
    const labels = input.labels;
    for (let i = 0; i < labels.length && !long; i++) long = labels[i]!.length > max;
    if (!long) return false;

    const limit = (column: string, value: string | undefined) => {
      if (value !== undefined && value.length > max) this.problems.push({ column, message: `${column} is longer than ${max} characters` });
    };
    limit("RevenueClosedDate", input.revenueClosedDate);
    limit("CurrencyCode", input.currencyCode);
    limit("Value", input.value);
    limit("LeadDate", input.leadDate);
    for (const key of VISITOR_ID_KEYS) limit(key, v[key]);
    labels.forEach((label, i) => {
      if (label.length > max) this.problems.push({ column: "Label", message: `Label ${i + 1} is longer than ${max} characters` });
    });
    // Reference has its own, tighter limit in `check` (after trimming; its message echoes nothing).
    if (typeof extra === "string" && extra.length > MAX_ADDITIONAL_DATA_LENGTH) {
      this.problems.push({
        column: "AdditionalDataProperties",
        message: `AdditionalDataProperties is longer than ${MAX_ADDITIONAL_DATA_LENGTH} characters`,
      });
    } else if (typeof extra !== "string" && extra !== undefined && additionalDataLength(extra) > MAX_ADDITIONAL_DATA_LENGTH) {
      this.problems.push({
        column: "AdditionalDataProperties",
        message: `AdditionalDataProperties are longer than ${MAX_ADDITIONAL_DATA_LENGTH} characters in all (names and values)`,
      });
    }
    return true;
  }

  /** The record of `input`, which the last `check` passed. */
  record(input: RevenueRecordInput): BatchRevenueRecord {
    const v = input.visitor;
    const additionalData: AdditionalDataProperty[] = [];
    const extra = input.additionalData;
    if (typeof extra === "string") readAdditionalData(extra, additionalData);
    else if (extra) for (const p of extra) additionalData.push({ name: p.name.trim(), value: p.value.trim() });
    const labels: string[] = [];
    for (const l of input.labels) {
      const t = l.trim();
      if (t !== "") labels.push(t);
    }
    return {
      reference: this.reference,
      closedDate: { ...this.closedDate },
      leadDate: this.hasLeadDate ? { ...this.leadDate } : null,
      currency: this.currency,
      amountMinor: this.amountMinor,
      visitor: {
        RaId: v.RaId?.trim() || undefined,
        EmailAddress: v.EmailAddress?.trim() || undefined,
        PhoneNumber: v.PhoneNumber?.trim() || undefined,
        PayloadValue: v.PayloadValue?.trim() || undefined,
        CookieValue: v.CookieValue?.trim() || undefined,
      },
      labels,
      additionalData,
    };
  }
}

function additionalDataLength(entries: readonly AdditionalDataProperty[]): number {
  let total = 0;
  for (const p of entries) total += p.name.length + p.value.length;
  return total;
}

function isUpperCase(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
  }
  return true;
}

/** A visitor identifier counts when it has something besides spaces (no trimmed copy made). */
function present(value: string | undefined): boolean {
  if (!value) return false;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 32) return true;
  return value.trim() !== "";
}

/** Checks one record and builds it: the single-upload path and the queue consumer. */
export function validateBatchRevenueRecord(input: RevenueRecordInput, nowMs: number): RecordResult {
  const check = new RevenueRecordCheck(nowMs);
  if (!check.check(input)) return { ok: false, problems: [...check.problems] };
  return { ok: true, record: check.record(input) };
}
