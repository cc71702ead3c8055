import { Inflate } from "fflate";
import { MAX_XLSX_PART_BYTES, MAX_ZIP_ENTRIES } from "./limits";
import { FileRefusal } from "./refusal";

/** One file inside a zip, as its central directory declares it. */
export type ZipEntry = {
  name: string;
  method: number;
  compressedSize: number;
  /** Declared size; inflating checks the real size against it. */
  size: number;
  localHeaderOffset: number;
};

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
/** Compressed bytes handed to the inflater at a time: deflate expands at most ~1032x, so one
 *  step can produce at most ~8 MiB before the size checks below run again. */
const INFLATE_STEP = 8 * 1024;

const broken = (why: string) => new FileRefusal(`The XLSX file is not a readable workbook (${why}).`);

/**
 * Reads the central directory of a zip (an XLSX workbook is one). fflate inflates; the
 * directory is read here because its one-shot unzip inflates a whole entry into memory
 * before its size can be checked, and a zip bomb must be stopped while inflating.
 * ZIP64, multi-disk and encrypted archives are refused: a 2 MiB workbook needs none of them.
 */
export function readZipDirectory(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw broken("no zip directory found");
  const diskEntries = view.getUint16(eocd + 8, true);
  const count = view.getUint16(eocd + 10, true);
  const dirSize = view.getUint32(eocd + 12, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff || dirSize === 0xffffffff) throw broken("ZIP64 is not supported");
  if (view.getUint16(eocd + 4, true) !== 0 || diskEntries !== count) throw broken("multi-part zips are not supported");
  if (count > MAX_ZIP_ENTRIES) throw broken(`more than ${MAX_ZIP_ENTRIES} entries`);
  if (dirOffset + dirSize > eocd) throw broken("the zip directory is out of bounds");

  const names = new TextDecoder("utf-8");
  const entries = new Map<string, ZipEntry>();
  let p = dirOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== CENTRAL_SIGNATURE) throw broken("damaged zip directory");
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localHeaderOffset = view.getUint32(p + 42, true);
    if (p + 46 + nameLength > eocd) throw broken("damaged zip directory");
    const name = names.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    if (flags & 1) throw broken("it is encrypted; remove the password and save it again");
    if (!entries.has(name)) entries.set(name, { name, method, compressedSize, size, localHeaderOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Inflates one entry, handing its content to `onChunk` piece by piece. Refused (and stopped at
 * once) when the declared size is over `maxBytes`, when the real size exceeds the declared one
 * (the signature of a zip bomb that lies in its directory) or `maxBytes`, and when the data is
 * damaged. Nothing bigger than one step's output is ever held.
 */
export function inflateZipEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  onChunk: (chunk: Uint8Array) => void,
  maxBytes: number = MAX_XLSX_PART_BYTES,
  overLimitMessage = `The XLSX file is refused: its part ${entry.name} unpacks to more than ${Math.floor(maxBytes / 1024 / 1024)} MiB.`,
): number {
  const tooBig = () => new FileRefusal(overLimitMessage);
  if (entry.size > maxBytes) throw tooBig();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = entry.localHeaderOffset;
  if (h + 30 > bytes.length || view.getUint32(h, true) !== LOCAL_SIGNATURE) throw broken(`damaged entry ${entry.name}`);
  const start = h + 30 + view.getUint16(h + 26, true) + view.getUint16(h + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw broken(`entry ${entry.name} is cut short`);

  if (entry.method === STORED) {
    if (entry.compressedSize !== entry.size) throw broken(`entry ${entry.name} has inconsistent sizes`);
    if (entry.size > 0) onChunk(bytes.subarray(start, end));
    return entry.size;
  }
  if (entry.method !== DEFLATED) throw broken(`entry ${entry.name} uses an unsupported compression method`);

  let total = 0;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) throw tooBig();
    if (total > entry.size) {
      throw new FileRefusal(`The XLSX file is refused: its part ${entry.name} unpacks to more than its declared size.`);
    }
    if (chunk.length > 0) onChunk(chunk);
    if (final) finished = true;
  });
  try {
    for (let p = start; p < end; p += INFLATE_STEP) {
      const stop = Math.min(p + INFLATE_STEP, end);
      inflater.push(bytes.subarray(p, stop), stop === end);
    }
    if (start === end) inflater.push(new Uint8Array(0), true);
  } catch (err) {
    if (err instanceof FileRefusal) throw err;
    // fflate reports damaged deflate data with plain Errors ("invalid block type", …).
    throw broken(`entry ${entry.name} is damaged`);
  }
  if (!finished || total !== entry.size) throw broken(`entry ${entry.name} does not match its declared size`);
  return total;
}
