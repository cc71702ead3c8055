// The benchmark's 1,000-record account file, the same records as CSV, XLSX and XML.
// Deterministic (seeded), records over 1–36 months, every revenue type, ~400 accounts.
import { strToU8, zipSync } from "fflate";

function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ["ARR", "MRR", "One Time", "Other"];
const pad = (n, w = 2) => String(n).padStart(w, "0");

export function benchRecords(count = 1000) {
  const rand = prng(20160101);
  const records = [];
  for (let i = 0; i < count; i++) {
    const startYear = 2016 + Math.floor(rand() * 3);
    const startMonth = 1 + Math.floor(rand() * 12);
    const months = 1 + Math.floor(rand() * 36);
    const endIndex = startYear * 12 + startMonth - 1 + months - 1;
    const endYear = Math.floor(endIndex / 12);
    const endMonth = (endIndex % 12) + 1;
    const lastDay = new Date(Date.UTC(endYear, endMonth, 0)).getUTCDate();
    records.push({
      account: `Account ${pad(Math.floor(rand() * 400), 3)}`,
      amount: String(100 + Math.floor(rand() * 99_900)),
      start: `${startYear}-${pad(startMonth)}-01`,
      end: `${endYear}-${pad(endMonth)}-${pad(lastDay)}`,
      type: TYPES[i % 4],
      description: `Contract ${i + 1}`,
    });
  }
  return records;
}

const FIELDS = ["account", "amount", "start", "end", "type", "description"];

export function toCsv(records) {
  return `${["Account,Revenue,Start date,End date,Type,Description", ...records.map((r) => FIELDS.map((f) => r[f]).join(","))].join("\n")}\n`;
}

const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function toXml(records) {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<revenue>\n` +
    records
      .map(
        (r) =>
          `  <record><account>${esc(r.account)}</account><amount>${r.amount}</amount><start>${r.start}</start><end>${r.end}</end><type>${esc(r.type)}</type><description>${esc(r.description)}</description></record>`,
      )
      .join("\n") +
    `\n</revenue>\n`
  );
}

const serial = (iso) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;

/**
 * An XLSX laid out as spreadsheet programs write it (checked against LibreOffice Calc's output):
 * text in the shared-string table, amounts as number cells, dates as date serials with a
 * yyyy-mm-dd number format, a header row.
 */
export function toXlsx(records) {
  const strings = [];
  const index = new Map();
  const s = (text) => {
    if (!index.has(text)) {
      index.set(text, strings.length);
      strings.push(text);
    }
    return index.get(text);
  };
  const cols = "ABCDEF";
  const header = ["Account", "Revenue", "Start date", "End date", "Type", "Description"];
  const rows = [
    `<row r="1">${header.map((h, i) => `<c r="${cols[i]}1" t="s"><v>${s(h)}</v></c>`).join("")}</row>`,
    ...records.map((r, n) => {
      const row = n + 2;
      return (
        `<row r="${row}">` +
        `<c r="A${row}" t="s"><v>${s(r.account)}</v></c>` +
        `<c r="B${row}" t="n"><v>${r.amount}</v></c>` +
        `<c r="C${row}" s="1" t="n"><v>${serial(r.start)}</v></c>` +
        `<c r="D${row}" s="1" t="n"><v>${serial(r.end)}</v></c>` +
        `<c r="E${row}" t="s"><v>${s(r.type)}</v></c>` +
        `<c r="F${row}" t="s"><v>${s(r.description)}</v></c>` +
        `</row>`
      );
    }),
  ];
  const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`;
  const rel = (id, type, target) =>
    `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
  return zipSync(
    {
      "[Content_Types].xml": strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
      ),
      "_rels/.rels": strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel("rId1", "officeDocument", "xl/workbook.xml")}</Relationships>`,
      ),
      "xl/workbook.xml": strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook ${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="false"/><sheets><sheet name="records" sheetId="1" state="visible" r:id="rId2"/></sheets></workbook>`,
      ),
      "xl/_rels/workbook.xml.rels": strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel("rId1", "styles", "styles.xml")}${rel("rId2", "worksheet", "worksheets/sheet1.xml")}${rel("rId3", "sharedStrings", "sharedStrings.xml")}</Relationships>`,
      ),
      "xl/styles.xml": strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet ${ns}><numFmts count="1"><numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd"/></numFmts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" xfId="0"/><xf numFmtId="165" xfId="0" applyNumberFormat="true"/></cellXfs></styleSheet>`,
      ),
      "xl/sharedStrings.xml": strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst ${ns} count="${strings.length}" uniqueCount="${strings.length}">${strings.map((t) => `<si><t xml:space="preserve">${esc(t)}</t></si>`).join("")}</sst>`,
      ),
      "xl/worksheets/sheet1.xml": strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${ns}><dimension ref="A1:F${records.length + 1}"/><sheetData>${rows.join("")}</sheetData></worksheet>`,
      ),
    },
    { level: 6 },
  );
}
