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

export type AdditionalDataResult =
  | { ok: true; properties: AdditionalDataProperty[] }
  | { ok: false; message: string };

const ENTRY = /^name\s*=([^,;]*),\s*value\s*=(.*)$/is;
const EXAMPLE = "Name=X,Value=Y entries separated by ';'";

/** Fast path for well-formed text (`Name=…,Value=…` exactly, no stray spaces); null otherwise. */
function parseCanonical(text: string): AdditionalDataProperty[] | null {
  const properties: AdditionalDataProperty[] = [];
  let at = 0;
  while (at < text.length) {
    if (!text.startsWith("Name=", at)) return null;
    const comma = text.indexOf(",Value=", at + 5);
    let end = text.indexOf(";", at);
    if (end === -1) end = text.length;
    if (comma === -1 || comma >= end || comma === at + 5) return null;
    const name = text.slice(at + 5, comma);
    const value = text.slice(comma + 7, end);
    if (name.includes(",") || name.trim() !== name || value.trim() !== value) return null;
    properties.push({ name, value });
    at = end + 1;
  }
  return text.endsWith(";") ? null : properties;
}

export function parseAdditionalData(text: string): AdditionalDataResult {
  const fast = parseCanonical(text);
  if (fast) return { ok: true, properties: fast };
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, properties: [] };
  const parts = trimmed.split(";");
  if (parts.length > 1 && parts[parts.length - 1]!.trim() === "") parts.pop();
  const properties: AdditionalDataProperty[] = [];
  for (let i = 0; i < parts.length; i++) {
    const entry = parts[i]!.trim();
    const m = ENTRY.exec(entry);
    if (!m) {
      const what = entry === "" ? "is empty" : `${JSON.stringify(entry)} is not Name=X,Value=Y`;
      return { ok: false, message: `AdditionalDataProperties entry ${i + 1} ${what} (expected ${EXAMPLE})` };
    }
    const name = m[1]!.trim();
    if (name === "") {
      return { ok: false, message: `AdditionalDataProperties entry ${i + 1} has an empty Name (expected ${EXAMPLE})` };
    }
    properties.push({ name, value: m[2]!.trim() });
  }
  return { ok: true, properties };
}

/** The cell text of a list of properties, the inverse of `parseAdditionalData`. */
export function formatAdditionalData(properties: readonly AdditionalDataProperty[]): string {
  return properties.map((p) => `Name=${p.name},Value=${p.value}`).join(";");
}
