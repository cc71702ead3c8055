// The `.xml` routes of the account surface answer with the same content as their JSON
// counterparts (contract §6), as XML: objects become elements named by their keys, arrays
// repeat an item element, null is an empty element.

export type XmlValue = string | number | boolean | null | readonly XmlValue[] | { readonly [key: string]: XmlValue };

/** Element name of the items of an array, by the array's own name. */
const ITEM_NAMES: Readonly<Record<string, string>> = { Errors: "Error", months: "item" };

const escapeText = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    // Characters XML 1.0 cannot carry at all (control characters) are dropped.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "");

function element(name: string, value: XmlValue): string {
  if (value === null) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? "item";
    return `<${name}>${value.map((v) => element(item, v)).join("")}</${name}>`;
  }
  if (typeof value === "object") {
    const children = Object.entries(value as { readonly [key: string]: XmlValue })
      .map(([k, v]) => element(k, v))
      .join("");
    return `<${name}>${children}</${name}>`;
  }
  return `<${name}>${escapeText(String(value))}</${name}>`;
}

/** `<?xml …?><response>…</response>` for a response body. */
export function toXmlDocument(body: { readonly [key: string]: XmlValue }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element("response", body)}\n`;
}

/** Whether a request asked for XML: the account routes pick the format by extension. */
export const wantsXml = (path: string) => /\.xml$/i.test(path);
