// Phone numbers are kept in E.164 ("+12125551234") so one contact has one spelling, whatever
// format a client imports it in. libphonenumber-js with its *max* metadata validates a number
// against each country's real numbering plan (not just its length); it has no eval and runs in
// workerd as plain ESM (the metadata is a ~157 KB JSON module).
//
// Region policy: Trackly is a US SMS platform, so a number written without a country code
// ("(212) 555-1234", "2125551234", "1-212-555-1234") is read as a NANP (US) number. Numbers of
// any other country must carry their code: "+44 20 7183 8750". Extensions are refused, since
// an SMS cannot be sent to one and E.164 has no room for them.
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";

export const DEFAULT_PHONE_REGION: CountryCode = "US";

/** Longer input than any formatted phone number could need is refused before parsing. */
const MAX_INPUT_LENGTH = 64;

export type PhoneNumberResult = { ok: true; e164: string } | { ok: false; error: string };

/**
 * Normalises a phone number as a client sent it (a string, or a JSON integer such as
 * 15551234567) to E.164. The error text says what is wrong, for the `invalid_phone` code.
 */
export function normalizePhoneNumber(input: unknown): PhoneNumberResult {
  let text: string;
  if (typeof input === "string") text = input.trim();
  else if (typeof input === "number" && Number.isSafeInteger(input) && input > 0) text = String(input);
  else return { ok: false, error: 'phone_number must be a string such as "+12125551234"' };

  if (text === "") return { ok: false, error: "phone_number is empty" };
  if (text.length > MAX_INPUT_LENGTH) {
    return { ok: false, error: `phone_number is longer than ${MAX_INPUT_LENGTH} characters` };
  }
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: DEFAULT_PHONE_REGION, extract: false });
  if (!parsed?.isValid()) {
    return {
      ok: false,
      error: `${JSON.stringify(text)} is not a valid phone number (numbers outside the US need their country code, e.g. +44 20 7183 8750)`,
    };
  }
  if (parsed.ext) return { ok: false, error: `${JSON.stringify(text)} has an extension; SMS numbers cannot have one` };
  return { ok: true, e164: parsed.number };
}
