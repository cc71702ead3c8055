// One revenue record of the batch surface, whatever it came from: a CSV row (`row.ts`) or the
// JSON body of `PUT /v1/{siteId}/revenue/upload`. Both are mapped to `RevenueRecordInput` and
// checked here, so the two endpoints cannot drift apart on a rule.
import { isCurrencyCode, toMinorUnits } from "../../money";
import { parseAdditionalData, type AdditionalDataProperty } from "./additional-data";
import { canonicalDate, parseRevenueDate, type RevenueDate } from "./dates";

/** Visitor identifier keys: the four CSV columns, plus `CookieValue` which only JSON has. */
export const VISITOR_ID_KEYS = ["RaId", "EmailAddress", "PhoneNumber", "PayloadValue", "CookieValue"] as const;
export type VisitorIdKey = (typeof VISITOR_ID_KEYS)[number];
export type VisitorIds = { [K in VisitorIdKey]: string | undefined };

/** Longest accepted `Reference` (it is part of the ledger's unique key). */
export const MAX_REFERENCE_LENGTH = 256;

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

export type RevenueRecord = {
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

export type RecordResult = { ok: true; record: RevenueRecord } | { ok: false; problems: RecordProblem[] };

const DECIMAL_SYNTAX = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Ledger idempotency key shared by batch rows and single uploads: `ref:<Reference>|<instant>`. */
export function revenueDedupeKey(record: Pick<RevenueRecord, "reference" | "closedDate">): string {
  return `ref:${record.reference}|${canonicalDate(record.closedDate)}`;
}

/**
 * Checks every rule of one record and reports every broken one. Written to allocate little:
 * it runs once per row of files of up to 500,000 rows inside the upload request.
 */
export function validateRevenueRecord(input: RevenueRecordInput, nowMs: number): RecordResult {
  const problems: RecordProblem[] = [];
  const fail = (column: string | null, message: string) => problems.push({ column, message });

  const closedText = input.revenueClosedDate?.trim() ?? "";
  let closedDate: RevenueDate | null = null;
  if (closedText === "") {
    fail("RevenueClosedDate", "RevenueClosedDate is required");
  } else {
    const r = parseRevenueDate(closedText, nowMs, "RevenueClosedDate");
    if (typeof r === "string") fail("RevenueClosedDate", r);
    else closedDate = r;
  }

  const currencyText = input.currencyCode?.trim() ?? "";
  const currency = currencyText.length === 3 ? currencyText.toUpperCase() : currencyText;
  const currencyOk = isCurrencyCode(currency);
  if (currencyText === "") {
    fail("CurrencyCode", "CurrencyCode is required");
  } else if (!currencyOk) {
    fail("CurrencyCode", `CurrencyCode ${JSON.stringify(currencyText)} is not an active ISO 4217 currency code`);
  }

  const valueText = input.value?.trim() ?? "";
  let amountMinor = 0;
  if (valueText === "") {
    fail("Value", "Value is required and must not be empty");
  } else {
    const r = currencyOk ? toMinorUnits(valueText, currency) : null;
    if (r?.ok) amountMinor = r.minor;
    else if (!DECIMAL_SYNTAX.test(valueText)) {
      fail(
        "Value",
        `Value ${JSON.stringify(valueText)} is not a decimal number (digits with an optional '.' and sign, no thousands separators)`,
      );
    } else if (r) fail("Value", `Value ${r.error.message}`);
  }

  const leadText = input.leadDate?.trim() ?? "";
  let leadDate: RevenueDate | null = null;
  if (leadText !== "") {
    const r = parseRevenueDate(leadText, nowMs, "LeadDate");
    if (typeof r === "string") fail("LeadDate", r);
    else leadDate = r;
  }

  // Read key by key into an object of one fixed shape (absent = undefined): this keeps the
  // property accesses monomorphic, which matters at 500,000 rows.
  const v = input.visitor;
  const visitor: VisitorIds = {
    RaId: v.RaId?.trim() || undefined,
    EmailAddress: v.EmailAddress?.trim() || undefined,
    PhoneNumber: v.PhoneNumber?.trim() || undefined,
    PayloadValue: v.PayloadValue?.trim() || undefined,
    CookieValue: v.CookieValue?.trim() || undefined,
  };
  if (!visitor.RaId && !visitor.EmailAddress && !visitor.PhoneNumber && !visitor.PayloadValue && !visitor.CookieValue) {
    fail(null, "At least one visitor identifier is required (RaId, EmailAddress, PhoneNumber or PayloadValue)");
  }

  const reference = input.reference?.trim() ?? "";
  if (reference === "") fail("Reference", "Reference is required");
  else if (reference.length > MAX_REFERENCE_LENGTH) {
    fail("Reference", `Reference is longer than ${MAX_REFERENCE_LENGTH} characters`);
  }

  let additionalData: AdditionalDataProperty[] = [];
  const extra = input.additionalData;
  if (typeof extra === "string") {
    if (extra !== "") {
      const r = parseAdditionalData(extra);
      if (r.ok) additionalData = r.properties;
      else fail("AdditionalDataProperties", r.message);
    }
  } else if (extra) {
    extra.forEach((p, i) => {
      const name = p.name.trim();
      if (name === "") fail("AdditionalDataProperties", `AdditionalDataProperties entry ${i + 1} has an empty Name`);
      else additionalData.push({ name, value: p.value.trim() });
    });
  }

  const labels: string[] = [];
  for (const l of input.labels) {
    const t = l.trim();
    if (t !== "") labels.push(t);
  }

  if (problems.length > 0 || closedDate === null) return { ok: false, problems };
  return {
    ok: true,
    record: {
      reference,
      closedDate,
      leadDate,
      currency,
      amountMinor,
      visitor,
      labels,
      additionalData,
    },
  };
}
