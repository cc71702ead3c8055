import { MAX_XLSX_PART_BYTES, MAX_XLSX_TOTAL_BYTES } from "./limits";
import { FileRefusal } from "./refusal";
import { newXmlParser, type XmlHandlers } from "./xml-parser";
import { inflateZipEntry, readZipDirectory, type ZipEntry } from "./zip";

/**
 * An XLSX package: the zip directory and a budget of uncompressed bytes shared by every part
 * read from it, so that many medium parts cannot add up to a bomb either.
 */
export class XlsxPackage {
  private readonly entries: Map<string, ZipEntry>;
  private budget = MAX_XLSX_TOTAL_BYTES;

  constructor(private readonly bytes: Uint8Array) {
    this.entries = readZipDirectory(bytes);
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  /**
   * Streams one XML part through the parser: inflated piece by piece, decoded as UTF-8 and
   * parsed as it arrives, so the part's text never exists in memory as a whole.
   * Returns false when the part is absent.
   */
  readXml(path: string, handlers: XmlHandlers): boolean {
    const entry = this.entries.get(path);
    if (!entry) return false;
    const parser = newXmlParser(`workbook part ${path}`, handlers);
    const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
    const feed = (chunk: Uint8Array, last: boolean) => {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: !last });
      } catch {
        throw new FileRefusal(`The XLSX file is not a readable workbook (part ${path} is not UTF-8).`);
      }
      if (text) parser.write(text);
    };
    const used =
      this.budget >= MAX_XLSX_PART_BYTES
        ? inflateZipEntry(this.bytes, entry, (chunk) => feed(chunk, false))
        : inflateZipEntry(
            this.bytes,
            entry,
            (chunk) => feed(chunk, false),
            this.budget,
            `The XLSX file is refused: its parts unpack to more than ${MAX_XLSX_TOTAL_BYTES / 1024 / 1024} MiB in all.`,
          );
    this.budget -= used;
    feed(new Uint8Array(0), true);
    parser.end();
    return true;
  }
}

/** Resolves a relationship target against the folder of the part that declares it. */
export function resolvePartPath(fromFolder: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = fromFolder ? fromFolder.split("/") : [];
  for (const piece of target.split("/")) {
    if (piece === "..") parts.pop();
    else if (piece !== "." && piece !== "") parts.push(piece);
  }
  return parts.join("/");
}
