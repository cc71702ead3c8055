// One contact of `POST /v2/contacts/bulk`, checked without storage.
import { MAX_JSON_DEPTH, nestedDeeperThan } from "../../http/bounded-json";
import { parseIsoTimestamp } from "./iso-timestamp";
import { normalizePhoneNumber } from "./phone-number";
import type { RecordError } from "./record-errors";

export const contactErrorCodes = [
  "missing_phone_number",
  "invalid_phone",
  "invalid_list_number",
  "invalid_custom_fields",
  "invalid_signup_date",
  "save_error",
] as const;
export type ContactErrorCode = (typeof contactErrorCodes)[number];

/** A contact error also echoes the phone number as the client sent it. */
export type ContactError = RecordError<ContactErrorCode> & { phone_number: unknown };

export const MAX_LIST_NUMBER_LENGTH = 64;
/** Custom fields are small key/value data, not documents. */
export const MAX_CUSTOM_FIELDS_BYTES = 8 * 1024;

export type ValidContact = {
  index: number;
  phoneNumber: string;
  listNumber: string | null;
  /** JSON text of the custom_fields object; null when not sent. */
  customFields: string | null;
  signupDate: string | null;
};

export type ContactResult = { ok: true; contact: ValidContact } | { ok: false; error: ContactError };

export function validateContact(raw: unknown, index: number, nowMs: number): ContactResult {
  const echo =
    typeof raw === "object" && raw !== null && !Array.isArray(raw) ? ((raw as Record<string, unknown>).phone_number ?? null) : null;
  const fail = (code: ContactErrorCode, error: string): ContactResult => ({
    ok: false,
    error: { index, phone_number: echo, code, error: `Contact ${index}: ${error}` },
  });
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return fail("missing_phone_number", "must be an object with a phone_number");
  }
  const c = raw as Record<string, unknown>;

  if (c.phone_number === undefined || c.phone_number === null || c.phone_number === "") {
    return fail("missing_phone_number", "phone_number is required");
  }
  const phone = normalizePhoneNumber(c.phone_number);
  if (!phone.ok) return fail("invalid_phone", phone.error);

  let listNumber: string | null = null;
  if (c.list_number !== undefined && c.list_number !== null) {
    if (typeof c.list_number === "number" && Number.isSafeInteger(c.list_number) && c.list_number >= 0) {
      listNumber = String(c.list_number);
    } else if (typeof c.list_number === "string" && c.list_number.trim() !== "" && c.list_number.length <= MAX_LIST_NUMBER_LENGTH) {
      listNumber = c.list_number.trim();
    } else {
      return fail(
        "invalid_list_number",
        `list_number must be a non-empty string of at most ${MAX_LIST_NUMBER_LENGTH} characters or a whole number`,
      );
    }
  }

  let customFields: string | null = null;
  if (c.custom_fields !== undefined && c.custom_fields !== null) {
    if (typeof c.custom_fields !== "object" || Array.isArray(c.custom_fields)) {
      return fail("invalid_custom_fields", "custom_fields must be an object of field names to values");
    }
    // Depth first: stringifying a hostile, deeply nested value is itself the risk.
    if (nestedDeeperThan(c.custom_fields, MAX_JSON_DEPTH)) {
      return fail("invalid_custom_fields", `custom_fields must not be nested more than ${MAX_JSON_DEPTH} levels deep`);
    }
    customFields = JSON.stringify(c.custom_fields);
    if (new TextEncoder().encode(customFields).length > MAX_CUSTOM_FIELDS_BYTES) {
      return fail("invalid_custom_fields", `custom_fields must be at most ${MAX_CUSTOM_FIELDS_BYTES} bytes of JSON`);
    }
  }

  let signupDate: string | null = null;
  if (c.signup_date !== undefined && c.signup_date !== null) {
    if (typeof c.signup_date !== "string") return fail("invalid_signup_date", "signup_date must be an ISO 8601 date such as 2025-01-31");
    const parsed = parseIsoTimestamp(c.signup_date);
    if (!parsed.ok) return fail("invalid_signup_date", `signup_date ${parsed.error}`);
    // A day of slack: a signup "today" written as a date in a zone ahead of UTC is not future.
    if (parsed.epochMs > nowMs + 24 * 3600_000) return fail("invalid_signup_date", `signup_date ${parsed.iso} is in the future`);
    signupDate = parsed.iso;
  }

  return { ok: true, contact: { index, phoneNumber: phone.e164, listNumber, customFields, signupDate } };
}
