// Client-chosen identifiers (message_id, offer_id). They are kept exactly as sent (no trimming:
// "abc" and "abc " are different ids to the client), must not be blank, and are bounded so
// that 1,000 of them fit in one bound JSON parameter of a D1 statement (2 MB per value).

export const MAX_EXTERNAL_ID_LENGTH = 255;

export type ExternalIdResult = { ok: true; id: string } | { ok: false; reason: "missing" | "not_text" | "too_long"; error: string };

/** Reads an id field; a JSON integer (e.g. `"offer_id": 123`) is taken as its decimal text. */
export function readExternalId(value: unknown, field: string): ExternalIdResult {
  if (value === undefined || value === null) return { ok: false, reason: "missing", error: `${field} is required` };
  let id: string;
  if (typeof value === "string") id = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) id = String(value);
  else return { ok: false, reason: "not_text", error: `${field} must be a string` };
  if (id.trim() === "") return { ok: false, reason: "missing", error: `${field} is required and must not be blank` };
  if (id.length > MAX_EXTERNAL_ID_LENGTH) {
    return { ok: false, reason: "too_long", error: `${field} is longer than ${MAX_EXTERNAL_ID_LENGTH} characters` };
  }
  return { ok: true, id };
}
