import { FileRefusal } from "./refusal";

export type AccountFileFormat = "csv" | "xlsx" | "xml";

const EXTENSION_FORMATS: Readonly<Record<string, AccountFileFormat>> = {
  csv: "csv",
  txt: "csv",
  xlsx: "xlsx",
  // Some tools still name Office Open XML workbooks .xls; the content decides below.
  xls: "xlsx",
  xml: "xml",
};

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** OLE2 compound file: the binary Excel 97-2003 format. */
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** First non-whitespace byte after an optional UTF-8 byte-order mark. */
function firstSignificantByte(bytes: Uint8Array): number | undefined {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i];
}

function contentFormat(bytes: Uint8Array): AccountFileFormat | "xls-binary" | "json" {
  if (startsWith(bytes, ZIP_MAGIC)) return "xlsx";
  if (startsWith(bytes, OLE_MAGIC)) return "xls-binary";
  const first = firstSignificantByte(bytes);
  if (first === 0x3c /* < */) return "xml";
  if (first === 0x7b /* { */ || first === 0x5b /* [ */) return "json";
  return "csv";
}

function extensionOf(filename: string | undefined): string | undefined {
  const m = filename ? /\.([A-Za-z0-9]{1,10})$/.exec(filename) : null;
  return m?.[1]?.toLowerCase();
}

const FORMAT_NAMES: Readonly<Record<AccountFileFormat, string>> = { csv: "CSV", xlsx: "XLSX", xml: "XML" };

/**
 * Decides how to read an upload from its content, checked against its file name (contract §6:
 * "type by file extension and content"). The content is what can be trusted to parse; a name
 * of a known type that contradicts it is refused, because it usually means the wrong file was
 * sent. Unknown or missing extensions defer to the content.
 */
export function detectAccountFileFormat(bytes: Uint8Array, filename?: string): AccountFileFormat {
  const ext = extensionOf(filename);
  if (ext === "json") throw new FileRefusal("JSON files are not accepted; send CSV, XLSX or XML.");
  const byContent = contentFormat(bytes);
  if (byContent === "xls-binary") {
    throw new FileRefusal("This is an Excel 97-2003 (.xls) workbook, which is not supported; save it as .xlsx or CSV.");
  }
  if (byContent === "json") throw new FileRefusal("JSON files are not accepted; send CSV, XLSX or XML.");
  const byName = ext === undefined ? undefined : EXTENSION_FORMATS[ext];
  if (byName !== undefined && byName !== byContent) {
    throw new FileRefusal(`The file is named .${ext} but its content is ${FORMAT_NAMES[byContent]}; send it with a matching extension.`);
  }
  return byContent;
}
