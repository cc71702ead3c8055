// Builds small XLSX packages in tests, including broken and hostile ones that no spreadsheet
// program would write. Real-writer fixtures (LibreOffice) are in ../fixtures.
import { strToU8, type Zippable, zipSync } from "fflate";

export type SheetCell = string | { n: number | string; s?: number } | { inline: string } | { shared: number } | { iso: string } | null;

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const colName = (i: number) => String.fromCharCode(65 + i);

/** Sheet XML from rows of cells (plain strings become inline strings; null leaves a gap). */
export function sheetXml(rows: SheetCell[][]): string {
  const body = rows
    .map((cells, r) => {
      const cs = cells
        .map((c, i) => {
          if (c === null) return "";
          const ref = `${colName(i)}${r + 1}`;
          if (typeof c === "string" || "inline" in c) {
            const text = typeof c === "string" ? c : c.inline;
            return `<c r="${ref}" t="inlineStr"><is><t>${esc(text)}</t></is></c>`;
          }
          if ("shared" in c) return `<c r="${ref}" t="s"><v>${c.shared}</v></c>`;
          if ("iso" in c) return `<c r="${ref}" t="d"><v>${c.iso}</v></c>`;
          return `<c r="${ref}"${c.s !== undefined ? ` s="${c.s}"` : ""}><v>${c.n}</v></c>`;
        })
        .join("");
      return `<row r="${r + 1}">${cs}</row>`;
    })
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`;
}

/** styles.xml where style 1 is a date (custom format 164 `dd/mm/yyyy`) and 2 is built-in 14. */
export const DATE_STYLES_XML =
  `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
  `<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>` +
  `<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>` +
  `<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>`;

export function sharedStringsXml(strings: string[]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
    strings.map((s) => `<si><t>${esc(s)}</t></si>`).join("") +
    `</sst>`
  );
}

/** A complete minimal package around the given parts (paths relative to the package root). */
export function xlsxPackage(parts: {
  sheet: string;
  sharedStrings?: string;
  styles?: string;
  date1904?: boolean;
  extra?: Record<string, Uint8Array | string>;
}): Uint8Array {
  const files: Zippable = {
    "[Content_Types].xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`,
    ),
    "_rels/.rels": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    "xl/workbook.xml": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
        `<workbookPr${parts.date1904 ? ` date1904="1"` : ""}/><sheets><sheet name="First" sheetId="7" r:id="rId9"/><sheet name="Second" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    "xl/_rels/workbook.xml.rels": strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/first.xml"/>` +
        `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
        `<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    ),
    // The second tab: never read, because only the first sheet counts.
    "xl/worksheets/sheet1.xml": strToU8(sheetXml([["Not", "read"]])),
    "xl/worksheets/first.xml": strToU8(parts.sheet),
  };
  if (parts.sharedStrings !== undefined) files["xl/sharedStrings.xml"] = strToU8(parts.sharedStrings);
  if (parts.styles !== undefined) files["xl/styles.xml"] = strToU8(parts.styles);
  for (const [path, content] of Object.entries(parts.extra ?? {})) {
    files[path] = typeof content === "string" ? strToU8(content) : content;
  }
  return zipSync(files, { level: 6 });
}

export function fromBase64(b64: string): Uint8Array {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

export const utf8 = (s: string) => new TextEncoder().encode(s);
