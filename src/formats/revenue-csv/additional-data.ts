// `AdditionalDataProperties`: `Name=X,Value=Y` entries joined by `;`
// (e.g. `Name=Source,Value=Google;Name=Campaign,Value=Spring`).
//
// Reading rules, chosen to be strict where a mistake is likely and lenient where it is not:
// - an empty cell means no properties;
// - whitespace around entries and a trailing `;` are ignored;
// - `Name` and `Value` are matched case-insensitively, in that order;
// - the name must not be empty and cannot contain `,` or `;`; the value is everything after
//   `,Value=` up to the next `;` (it may contain `=` and `,`, and may be empty).

export type AdditionalDataProperty = { name: string; value: string };

const ENTRY = /^name\s*=([^,;]*),\s*value\s*=(.*)$/is;
const EXAMPLE = "Name=X,Value=Y entries separated by ';'";

/** Any character that `String.prototype.trim` might remove, or that needs a closer look. */
function unusual(code: number): boolean {
  return code <= 32 || code >= 127 || Number.isNaN(code);
}

/**
 * Fast path for well-formed text (`Name=…,Value=…` exactly, nothing to trim): no regular
 * expression and, when `into` is null, no allocation. False means "take the general path",
 * which then gives the same answer or the error.
 */
function readCanonical(text: string, into: AdditionalDataProperty[] | null): boolean {
  const n = text.length;
  if (text.charCodeAt(n - 1) === 59 /* ; */) return false;
  let at = 0;
  while (at < n) {
    if (!text.startsWith("Name=", at)) return false;
    let end = text.indexOf(";", at);
    if (end === -1) end = n;
    const comma = text.indexOf(",", at + 5);
    if (comma === -1 || comma === at + 5 || comma >= end || !text.startsWith(",Value=", comma)) return false;
    const valueAt = comma + 7;
    if (unusual(text.charCodeAt(at + 5)) || unusual(text.charCodeAt(comma - 1))) return false;
    if (valueAt < end && (unusual(text.charCodeAt(valueAt)) || unusual(text.charCodeAt(end - 1)))) return false;
    into?.push({ name: text.slice(at + 5, comma), value: text.slice(valueAt, end) });
    at = end + 1;
  }
  return true;
}

/**
 * Checks `text`; returns null when it is well-formed, pushing each property into `into` when
 * given, or the message saying what is wrong.
 */
export function readAdditionalData(text: string, into: AdditionalDataProperty[] | null): string | null {
  if (text === "") return null;
  const before = into?.length ?? 0;
  if (readCanonical(text, into)) return null;
  if (into) into.length = before;
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const parts = trimmed.split(";");
  if (parts.length > 1 && parts[parts.length - 1]!.trim() === "") parts.pop();
  for (let i = 0; i < parts.length; i++) {
    const entry = parts[i]!.trim();
    const m = ENTRY.exec(entry);
    if (!m) {
      const what = entry === "" ? "is empty" : `${JSON.stringify(entry)} is not Name=X,Value=Y`;
      if (into) into.length = before;
      return `AdditionalDataProperties entry ${i + 1} ${what} (expected ${EXAMPLE})`;
    }
    const name = m[1]!.trim();
    if (name === "") {
      if (into) into.length = before;
      return `AdditionalDataProperties entry ${i + 1} has an empty Name (expected ${EXAMPLE})`;
    }
    into?.push({ name, value: m[2]!.trim() });
  }
  return null;
}
