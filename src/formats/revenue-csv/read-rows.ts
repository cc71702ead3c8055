// Streaming RFC 4180 record reader: bytes in, records out, each with the physical line it
// starts on and its exact byte range in the file.
//
// Tokenizing is papaparse's core `Parser` (see docs/batch-csv.md for why that library), with a
// fast path for plain rows that splits them exactly as papaparse does (`drain`); this file
// feeds it and keeps the books papaparse does not keep:
// - lines: a quoted field may hold newlines, so a record's line is counted from the newlines
//   of the records before it, not from its index;
// - byte offsets: the queue hand-off re-reads byte ranges of the stored file, so every record
//   knows where it starts and ends in bytes (UTF-8 lengths, counted only for slices that are
//   not pure ASCII);
// - streaming: text is parsed in slices of at least MIN_PARSE_CHARS; the unfinished record at
//   the end of a slice is carried into the next one, so memory holds one slice, never the file;
// - incremental: the unfinished record is not handed to papaparse again on every chunk. A small
//   scanner (`TailScan`) follows it as bytes arrive — quote state, field count — and the record
//   goes back to papaparse only once the scanner has seen it end. So every character is parsed at
//   most twice however long a record is (a 1 MB record arriving in 64 KiB chunks used to be
//   re-parsed 16 times), a record wider than `setFieldLimit` is refused as soon as its extra
//   comma arrives, and one longer than `maxRecordChars` as soon as it is that long.
//
// Line ends: LF or CRLF (even mixed). Papaparse is given "\n" and the `\r` of a CRLF is removed
// from the last field here. A UTF-8 BOM is skipped when `allowBom` (start of a file). Empty
// lines are not records. Invalid UTF-8, a quote that never closes, or text after a closing
// quote stops the reader with a `CsvSyntaxError`: after that, nothing that follows can be
// trusted to be split into the right rows.
import Papa from "papaparse";

export type CsvRecord = {
  fields: string[];
  /** Physical line (1-based) the record starts on. */
  line: number;
  /** Byte offset of the record's first byte in the file. */
  byteStart: number;
  /** Byte offset just past the record's line end. */
  byteEnd: number;
};

export type CsvSyntaxError = { line: number; message: string };

/**
 * Receives each record: its fields, the line it starts on and its byte range [byteStart,
 * byteEnd). Plain arguments rather than a record object: one allocation less per row.
 */
export type RecordSink = (fields: string[], line: number, byteStart: number, byteEnd: number) => void;

/** A sink that collects `CsvRecord` objects (tests, small inputs). */
export function collectRecords(into: CsvRecord[]): RecordSink {
  return (fields, line, byteStart, byteEnd) => into.push({ fields, line, byteStart, byteEnd });
}

export type CsvReaderOptions = {
  /** Line number of the first byte given (default 1). */
  firstLine?: number;
  /** Byte offset of the first byte given within the file (default 0). */
  byteOffset?: number;
  /** Skip a leading UTF-8 BOM (default true; false when reading a range from mid-file). */
  allowBom?: boolean;
  /** A record longer than this many characters is refused (a quote left open swallows the file). */
  maxRecordChars?: number;
  /** Parse slices of at least this many characters (default 64 Ki; tests use tiny slices). */
  minParseChars?: number;
  /** Follow an unfinished record incrementally once it is this long (default 4 Ki; tests use 0). */
  tailScanMinChars?: number;
  /** Split plain rows without papaparse (default true; false: papaparse reads every row, to compare in tests). */
  plainRowsFastPath?: boolean;
};

const MIN_PARSE_CHARS = 64 * 1024;
/**
 * Below this, the unfinished record after a slice is simply parsed again with the next slice (a
 * usual row: cheaper than following it); from this length on it is followed incrementally, so a
 * long record costs linear work and is refused as soon as it is too wide or too long.
 */
const TAIL_SCAN_MIN_CHARS = 4096;
/**
 * The longest record read: far above any valid row (cells are capped at validation, see
 * record.ts), low enough that a row's JSON in the queue consumer stays under D1's 2 MB value
 * limit even in the worst case of escaping (docs/batch-csv.md §3).
 */
export const DEFAULT_MAX_RECORD_CHARS = 128 * 1024;
const NON_ASCII = /[^\x00-\x7f]/;
const BOM = "\uFEFF";

/** UTF-8 byte length of `s[start, end)` without encoding it. */
function utf8Length(s: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      n += 4; // surrogate pair: one 4-byte sequence
      i++;
    } else n += 3;
  }
  return n;
}

const MALFORMED_QUOTES =
  'Malformed quoted field: a closing quote must be followed by a comma or the end of the line (write a quote inside a quoted field as "")';

function describe(error: Papa.ParseError): string {
  if (error.code === "MissingQuotes") return "A quoted field is never closed (missing closing quote)";
  if (error.code === "InvalidQuotes") return MALFORMED_QUOTES;
  return `CSV syntax error: ${error.message}`;
}

/** Any character `String.prototype.trim` removes: papaparse allows these after a closing quote. */
function isTrimSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const AFTER_QUOTE = 3;

/**
 * Follows the unfinished record at the start of the reader's pending text, as text is appended,
 * with papaparse's rules for where a record ends: a field that starts with a quote runs to a
 * quote not followed by another, which may be followed by white space, then a comma or a line
 * end; any other field runs to the next comma or line end (a quote inside it is text). Each
 * character is looked at once: `scan` resumes where the last call stopped.
 */
class TailScan {
  /** Position in the text up to which the record has been followed. */
  at = 0;
  state = FIELD_START;
  fields = 1;
  /** The record ends within text[0, at): it can be parsed. */
  ended = false;
  /** Set when a closing quote is followed by text (papaparse: InvalidQuotes). */
  malformed = false;

  reset(): void {
    this.at = 0;
    this.state = FIELD_START;
    this.fields = 1;
    this.ended = false;
    this.malformed = false;
  }

  /** Follows `text` from `at`; stops at the record's end, a malformed quote or `maxFields` + 1 fields. */
  scan(text: string, maxFields: number): void {
    const n = text.length;
    let i = this.at;
    let state = this.state;
    let fields = this.fields;
    // The next comma and line end at or after i, looked up again only once passed.
    let comma = -2;
    let newline = -2;
    while (i < n && !this.ended && !this.malformed && fields <= maxFields) {
      if (state === FIELD_START) {
        if (text.charCodeAt(i) === 34) {
          state = QUOTED;
          i++;
          continue;
        }
        state = UNQUOTED;
      }
      if (state === UNQUOTED) {
        if (comma !== -1 && comma < i) comma = text.indexOf(",", i);
        if (newline !== -1 && newline < i) newline = text.indexOf("\n", i);
        if (newline !== -1 && (comma === -1 || newline < comma)) {
          this.ended = true;
          i = newline + 1;
        } else if (comma !== -1) {
          fields++;
          state = FIELD_START;
          i = comma + 1;
        } else {
          i = n;
        }
      } else if (state === QUOTED) {
        const q = text.indexOf('"', i);
        if (q === -1) i = n;
        else if (q + 1 === n)
          break; // "" or a closing quote: the next character decides
        else if (text.charCodeAt(q + 1) === 34) i = q + 2;
        else {
          state = AFTER_QUOTE;
          i = q + 1;
        }
      } else {
        const c = text.charCodeAt(i);
        if (c === 44) {
          fields++;
          state = FIELD_START;
        } else if (c === 10) this.ended = true;
        else if (!isTrimSpace(c)) this.malformed = true;
        i++;
      }
    }
    this.at = i;
    this.state = state;
    this.fields = fields;
  }
}

export class CsvRecordReader {
  private readonly decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  private readonly maxRecordChars: number;
  private pending = "";
  private pendingByte: number;
  private pendingLine: number;
  private bomChecked: boolean;
  private error: CsvSyntaxError | null = null;
  /** Whether `pending` is known to be pure ASCII (byte offsets = character offsets). */
  private pendingAscii = true;
  private lastChunkAscii = true;
  private readonly minParseChars: number;
  private readonly tailScanMinChars: number;
  private readonly fastPath: boolean;
  /** The unfinished record at the start of `pending`, followed as text arrives. */
  private readonly tail = new TailScan();
  private maxFields = Number.POSITIVE_INFINITY;
  private tooWide = "";
  private aborted = false;

  constructor(options: CsvReaderOptions = {}) {
    this.pendingLine = options.firstLine ?? 1;
    this.pendingByte = options.byteOffset ?? 0;
    this.bomChecked = options.allowBom === false;
    this.maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
    this.minParseChars = options.minParseChars ?? MIN_PARSE_CHARS;
    this.tailScanMinChars = options.tailScanMinChars ?? TAIL_SCAN_MIN_CHARS;
    this.fastPath = options.plainRowsFastPath ?? true;
  }

  /**
   * Refuses, with `message`, a record of more than `maxFields` fields as soon as the text shows
   * it — before the record has ended, so a row of a million commas costs a few bytes of work.
   * Applies to the records not yet handed out.
   */
  setFieldLimit(maxFields: number, message: string): void {
    this.maxFields = maxFields;
    this.tooWide = message;
  }

  /** Hands out no further record (the caller has its verdict). */
  abort(): void {
    this.aborted = true;
  }

  /** Byte offset just past the last record handed out. */
  get byteOffset(): number {
    return this.pendingByte;
  }

  /** Feeds bytes; complete records go to `onRecord`. Returns the syntax error that stopped it. */
  write(bytes: Uint8Array, onRecord: RecordSink): CsvSyntaxError | null {
    if (this.error || this.aborted) return this.error;
    if (!this.decode(bytes, false)) return this.error;
    const tail = this.follow();
    if (tail) return (this.error = tail);
    // Nothing to parse until the unfinished record has ended.
    if (!this.tail.ended || this.pending.length < this.minParseChars) return null;
    return this.drain(false, onRecord);
  }

  /** Follows the unfinished record over the text appended since; its refusals. */
  private follow(): CsvSyntaxError | null {
    const tail = this.tail;
    if (tail.ended) return null;
    tail.scan(this.pending, this.maxFields);
    if (tail.fields > this.maxFields) return { line: this.pendingLine, message: this.tooWide };
    if (tail.malformed) return { line: this.pendingLine, message: MALFORMED_QUOTES };
    if (!tail.ended && this.pending.length > this.maxRecordChars) return this.tooLong();
    return null;
  }

  private tooLong(): CsvSyntaxError {
    const line = this.pendingLine;
    return {
      line,
      message: `The row starting on line ${line} is longer than ${this.maxRecordChars} characters (cells are limited in length; or is a quote left open?)`,
    };
  }

  /** Ends the input: the last record (without a line end) is handed out too. */
  end(onRecord: RecordSink): CsvSyntaxError | null {
    if (this.error || this.aborted) return this.error;
    if (!this.decode(undefined, true)) return this.error;
    return this.drain(true, onRecord);
  }

  private decode(bytes: Uint8Array | undefined, final: boolean): boolean {
    let text: string;
    try {
      text = bytes ? this.decoder.decode(bytes, { stream: !final }) : this.decoder.decode();
    } catch {
      this.error = { line: this.pendingLine, message: `The file is not valid UTF-8 text (at or after line ${this.pendingLine})` };
      return false;
    }
    // Any non-ASCII character decodes to fewer UTF-16 units than its UTF-8 bytes, so equal
    // lengths mean pure ASCII — unless the previous chunk ended inside a character, hence the
    // look back. Saves scanning every slice for non-ASCII text.
    const sameLength = text.length === (bytes?.byteLength ?? 0);
    this.pendingAscii &&= this.lastChunkAscii && sameLength;
    this.lastChunkAscii = sameLength;
    this.pending += text;
    if (!this.bomChecked && this.pending.length > 0) {
      this.bomChecked = true;
      if (this.pending.startsWith(BOM)) {
        this.pending = this.pending.slice(1);
        this.pendingByte += 3;
        this.pendingAscii = !NON_ASCII.test(this.pending);
      }
    }
    return true;
  }

  private drain(final: boolean, onRecord: RecordSink): CsvSyntaxError | null {
    const input = this.pending;
    const ascii = this.pendingAscii;
    let rowStart = 0;
    let byte = this.pendingByte;
    let line = this.pendingLine;
    let error: CsvSyntaxError | null = null;

    /** Hands out the record [rowStart, end) that starts on `startLine`. */
    const emit = (fields: string[], startLine: number, end: number) => {
      const length = ascii ? end - rowStart : utf8Length(input, rowStart, end);
      const last = fields.length - 1;
      const lastField = fields[last]!;
      if (lastField.endsWith("\r") && input.charCodeAt(end - 1) === 10) fields[last] = lastField.slice(0, -1);
      // An empty line, as opposed to a line holding one quoted empty field (`""`).
      const first0 = input.charCodeAt(rowStart);
      const blank = fields.length === 1 && fields[0] === "" && (end === rowStart || first0 === 10 || first0 === 13);
      if (!blank) onRecord(fields, startLine, byte, byte + length);
      byte += length;
      rowStart = end;
    };

    // Plain rows are split here, exactly as papaparse splits them: fields up to the next comma or
    // line end, and quoted fields (`""` inside) whose closing quote is followed at once by a
    // comma, LF or CRLF. From the first row that is anything else (white space or text after a
    // closing quote, a quote never closed, the input's last row), papaparse reads the rest of
    // the slice. Same records, without papaparse's result objects per row (docs/batch-csv.md §1).
    const n = input.length;
    let nl = this.fastPath ? input.indexOf("\n") : -1;
    let comma = input.indexOf(",");
    while (nl !== -1 && !this.aborted) {
      // One row from rowStart, or stop at the first thing that is not plain.
      const fields: string[] = [];
      const startLine = line;
      let c = rowStart;
      let end = -1;
      for (;;) {
        if (input.charCodeAt(c) === 34) {
          let q = input.indexOf('"', c + 1);
          let escaped = false;
          while (q !== -1 && input.charCodeAt(q + 1) === 34) {
            escaped = true;
            q = input.indexOf('"', q + 2);
          }
          if (q === -1 || q + 1 >= n) break;
          const after = input.charCodeAt(q + 1);
          const rowEnd = after === 10 ? q + 2 : after === 13 && input.charCodeAt(q + 2) === 10 ? q + 3 : -1;
          if (after !== 44 && rowEnd === -1) break;
          while (nl !== -1 && nl < q) {
            line++;
            nl = input.indexOf("\n", nl + 1);
          }
          const value = input.substring(c + 1, q);
          fields.push(escaped ? value.replaceAll('""', '"') : value);
          if (rowEnd !== -1) {
            end = rowEnd;
            break;
          }
          c = q + 2;
          continue;
        }
        if (nl === -1) break;
        if (comma !== -1 && comma < c) comma = input.indexOf(",", c);
        if (comma !== -1 && comma < nl) {
          fields.push(input.substring(c, comma));
          c = comma + 1;
          continue;
        }
        fields.push(input.substring(c, nl));
        end = nl + 1;
        break;
      }
      if (end === -1) {
        line = startLine; // newlines of a quoted field counted before giving up on the row
        break;
      }
      line++; // the row's own line end
      nl = input.indexOf("\n", end);
      emit(fields, startLine, end);
    }

    if (rowStart < n && !this.aborted && (final || nl !== -1 || !this.fastPath)) {
      // From the first row that is not plain (or the last row of the input) on, papaparse.
      const base = rowStart;
      const rest = base === 0 ? input : input.slice(base);
      const parser = new Papa.Parser({
        delimiter: ",",
        newline: "\n",
        quoteChar: '"',
        // The core Parser calls step with the result only (no parser argument, unlike Papa.parse).
        step: (result: Papa.ParseStepResult<string[][]>) => {
          if (this.aborted) {
            parser.abort();
            return;
          }
          const end = base + result.meta.cursor;
          const startLine = line;
          // Newlines inside the record (quoted fields) plus its own line end.
          let at = input.indexOf("\n", rowStart);
          while (at !== -1 && at < end) {
            line++;
            at = at + 1 < end ? input.indexOf("\n", at + 1) : -1;
          }
          const first = result.errors[0];
          if (first) {
            error = { line: startLine, message: describe(first) };
            parser.abort();
            return;
          }
          emit(result.data[0]!, startLine, end);
        },
      });
      parser.parse(rest, 0, !final);
    }

    if (error) return (this.error = error);
    if (this.aborted) return null;
    this.pending = input.slice(rowStart);
    this.pendingAscii = ascii || !NON_ASCII.test(this.pending);
    this.pendingByte = byte;
    this.pendingLine = line;
    if (final && this.pending.length > 0) {
      // Papaparse hands out every remaining character at the end; anything left is a bug here.
      return (this.error = { line, message: "CSV syntax error: unexpected end of file" });
    }
    if (final) return null;
    // What is left is the start of the next record: follow it from its first character.
    this.tail.reset();
    // A short unfinished record is left to papaparse's next slice, as any record is: following
    // it would cost more than re-parsing it. A long one is followed from here on.
    if (this.pending.length < this.tailScanMinChars) this.tail.ended = true;
    const tail = this.follow();
    if (tail) return (this.error = tail);
    if (this.pending.length > this.maxRecordChars) return (this.error = this.tooLong());
    return null;
  }
}

/** Reads every record of a byte stream (a whole file or a byte range of one). */
export async function readCsvRecords(
  stream: ReadableStream<Uint8Array>,
  onRecord: RecordSink,
  options: CsvReaderOptions = {},
): Promise<CsvSyntaxError | null> {
  const reader = new CsvRecordReader(options);
  const source = stream.getReader();
  for (;;) {
    const { done, value } = await source.read();
    if (done) break;
    const error = reader.write(value, onRecord);
    if (error) {
      await source.cancel().catch(() => {});
      return error;
    }
  }
  return reader.end(onRecord);
}
