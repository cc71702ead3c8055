// Whole-file validation of a revenue batch CSV (contract §5), driven as a stream: bytes are
// pushed in as they arrive, rows are checked one at a time and forgotten, so memory holds one
// parse slice, the first 1,000 errors, the duplicate-key table and the chunk plan — never the
// rows of the file.
//
// Besides the verdict it produces the chunk plan for the queue hand-off: the byte range,
// first row number and first line of every run of `rowsPerChunk` rows, so the consumer can
// fetch exactly that range of the stored file and re-parse it (docs/batch-csv.md).
import { DuplicateKeys } from "./duplicate-keys";
import { type HeaderLayout, parseRevenueHeader } from "./header";
import { CsvRecordReader, type RecordSink } from "./read-rows";
import { RevenueRowCheck } from "./row";

export type RowError = {
  /** Data row, counted from 1 after the header; null for file and header errors. */
  rowNumber: number | null;
  /** Physical line of the file the row (or header) starts on; null when there is none. */
  line: number | null;
  column: string | null;
  message: string;
};

export type ChunkRange = {
  index: number;
  /** Byte range [byteStart, byteEnd) of the file holding exactly the chunk's rows. */
  byteStart: number;
  byteEnd: number;
  firstRowNumber: number;
  firstLine: number;
  rowCount: number;
};

export type ValidationOptions = {
  maxBytes: number;
  maxRows: number;
  /** The request's clock, for "not in the future". */
  nowMs: number;
  /** Errors listed in the response (all are counted). Default 1,000. */
  maxListedErrors?: number;
  /** Rows per queue chunk. Default `DEFAULT_ROWS_PER_CHUNK`. */
  rowsPerChunk?: number;
  /** Bytes of the file per queue chunk, at most (a single longer row is a chunk of its own). Default `DEFAULT_MAX_CHUNK_BYTES`. */
  maxChunkBytes?: number;
};

export type ValidationOutcome =
  | { ok: true; totalRows: number; bytes: number; header: HeaderLayout; chunks: ChunkRange[] }
  | { ok: false; reason: "invalid"; errorCount: number; errors: RowError[] }
  | { ok: false; reason: "too_large"; message: string };

/** See docs/batch-csv.md for how this number was chosen. */
export const DEFAULT_ROWS_PER_CHUNK = 1000;
/**
 * A chunk also ends before it passes this many bytes of the file, so that the rows of one chunk
 * always fit the consumer's memory and D1 statements however long its rows are (normal rows,
 * ~100 bytes, fill 1,000-row chunks well below it). See docs/batch-csv.md §3.
 */
export const DEFAULT_MAX_CHUNK_BYTES = 256 * 1024;
export const MAX_LISTED_ERRORS = 1000;
/** Columns of a header row, at most (11 named columns and repeated `Label` columns). */
export const MAX_HEADER_COLUMNS = 100;

export class RevenueCsvValidator {
  private readonly reader = new CsvRecordReader();
  private readonly duplicates = new DuplicateKeys();
  private readonly maxListed: number;
  private readonly rowsPerChunk: number;
  private readonly maxChunkBytes: number;
  private readonly onRecord: RecordSink = (fields, line, byteStart, byteEnd) => this.record(fields, line, byteStart, byteEnd);
  private header: HeaderLayout | null = null;
  private rowCheck: RevenueRowCheck | null = null;
  private bytes = 0;
  private rows = 0;
  private errorCount = 0;
  private readonly errors: RowError[] = [];
  private readonly chunks: ChunkRange[] = [];
  private tooLarge: string | null = null;
  /** Set when reading cannot go on (bad header, CSV syntax error, over a limit). */
  private stopped = false;

  constructor(private readonly options: ValidationOptions) {
    this.maxListed = options.maxListedErrors ?? MAX_LISTED_ERRORS;
    this.rowsPerChunk = options.rowsPerChunk ?? DEFAULT_ROWS_PER_CHUNK;
    this.maxChunkBytes = options.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES;
    this.reader.setFieldLimit(MAX_HEADER_COLUMNS, `The header row has more than ${MAX_HEADER_COLUMNS} columns`);
  }

  /** True once any error has been found (the file will be refused). */
  get hasErrors(): boolean {
    return this.errorCount > 0;
  }

  /** Pushes the next bytes of the file. Returns false when the rest need not be read. */
  write(bytes: Uint8Array): boolean {
    if (this.stopped) return false;
    this.bytes += bytes.byteLength;
    if (this.bytes > this.options.maxBytes) {
      this.stop(`The file is larger than the limit of ${this.options.maxBytes} bytes`);
      return false;
    }
    const syntax = this.reader.write(bytes, this.onRecord);
    if (syntax) this.syntaxError(syntax.line, syntax.message);
    return !this.stopped;
  }

  /** Ends the file and gives the verdict. */
  end(): ValidationOutcome {
    if (!this.stopped) {
      const syntax = this.reader.end(this.onRecord);
      if (syntax) this.syntaxError(syntax.line, syntax.message);
    }
    if (this.tooLarge) return { ok: false, reason: "too_large", message: this.tooLarge };
    if (!this.stopped) {
      if (!this.header) this.fail(null, null, null, "The file is empty: a header row is required");
      else if (this.rows === 0) this.fail(null, null, null, "The file has a header row but no data rows");
    }
    this.addDuplicates();
    if (this.errorCount > 0 || !this.header) {
      return { ok: false, reason: "invalid", errorCount: this.errorCount, errors: this.errors };
    }
    return { ok: true, totalRows: this.rows, bytes: this.bytes, header: this.header, chunks: this.chunks };
  }

  private record(fields: string[], line: number, byteStart: number, byteEnd: number): void {
    if (this.stopped) return;
    const rowCheck = this.rowCheck;
    if (!rowCheck) {
      this.readHeader(fields, line);
      return;
    }
    const rowNumber = ++this.rows;
    if (rowNumber > this.options.maxRows) {
      this.stop(`The file has more than the limit of ${this.options.maxRows} data rows`);
      return;
    }
    this.plan(rowNumber, line, byteStart, byteEnd);
    const width = this.header!.names.length;
    if (fields.length > width) {
      // Wider than the header: its cells cannot be matched to columns, and a crafted file of such
      // rows is only work. Refused at once, like a syntax error; the rest is not read.
      this.fail(rowNumber, line, null, `Row has ${fields.length} fields but the header has ${width}; the file was not read past this row`);
      this.halt();
      return;
    }
    const problems = rowCheck.check(fields, byteEnd - byteStart);
    if (problems.length > 0) {
      for (const p of problems) this.fail(rowNumber, line, p.column, p.message);
      return;
    }
    this.duplicates.add(rowCheck.record.reference, rowCheck.record.closedDate, rowNumber, line);
  }

  /**
   * In-file duplicates are found once, at the end (duplicate-keys.ts), then merged into the
   * errors found while reading: the listed errors stay the first ones in row order.
   */
  private addDuplicates(): void {
    const { count, first } = this.duplicates.duplicates(this.maxListed);
    if (count === 0) return;
    const found: RowError[] = first.map((d) => ({
      rowNumber: d.rowNumber,
      line: d.line,
      column: "Reference",
      message: `Duplicate row: the same Reference and RevenueClosedDate as row ${d.firstRowNumber} (line ${d.firstLine})`,
    }));
    const order = (e: RowError) => e.rowNumber ?? 0;
    const merged = [...this.errors, ...found].sort((a, b) => order(a) - order(b)).slice(0, this.maxListed);
    this.errors.splice(0, this.errors.length, ...merged);
    this.errorCount += count;
  }

  private readHeader(fields: string[], line: number): void {
    if (fields.length > MAX_HEADER_COLUMNS) {
      this.fail(null, line, null, `The header row has ${fields.length} columns, more than the ${MAX_HEADER_COLUMNS} allowed`);
      this.halt();
      return;
    }
    if (fields.some((f) => f.includes("\r"))) {
      this.fail(null, line, null, "Line ends must be CRLF or LF (the header row contains a bare carriage return)");
      this.halt();
      return;
    }
    const result = parseRevenueHeader(fields);
    if (!result.ok) {
      for (const p of result.problems) this.fail(null, line, p.column, p.message);
      this.halt(); // rows cannot be read against a header that is wrong
      return;
    }
    this.header = result.layout;
    this.rowCheck = new RevenueRowCheck(result.layout, this.options.nowMs);
    const width = result.layout.names.length;
    this.reader.setFieldLimit(width, `Row has more fields than the header's ${width}; the file was not read past this row`);
  }

  /** Opens a new chunk every `rowsPerChunk` rows, or before it would pass `maxChunkBytes`; else extends the current one. */
  private plan(rowNumber: number, line: number, byteStart: number, byteEnd: number): void {
    const current = this.chunks[this.chunks.length - 1];
    if (!current || current.rowCount >= this.rowsPerChunk || byteEnd - current.byteStart > this.maxChunkBytes) {
      this.chunks.push({ index: this.chunks.length, byteStart, byteEnd, firstRowNumber: rowNumber, firstLine: line, rowCount: 1 });
    } else {
      current.byteEnd = byteEnd;
      current.rowCount++;
    }
  }

  private syntaxError(line: number, message: string): void {
    this.fail(this.header ? this.rows + 1 : null, line, null, message);
    this.halt();
  }

  /** Nothing after this point is read: the file's error list ends here. */
  private halt(): void {
    this.stopped = true;
    this.reader.abort();
  }

  private fail(rowNumber: number | null, line: number | null, column: string | null, message: string): void {
    this.errorCount++;
    if (this.errors.length < this.maxListed) this.errors.push({ rowNumber, line, column, message });
  }

  private stop(message: string): void {
    this.tooLarge = message;
    this.halt();
  }
}

/** Validates a whole file read from `stream` (cancelled early once the verdict is known). */
export async function validateRevenueCsv(stream: ReadableStream<Uint8Array>, options: ValidationOptions): Promise<ValidationOutcome> {
  const validator = new RevenueCsvValidator(options);
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!validator.write(value)) {
      await reader.cancel().catch(() => {});
      break;
    }
  }
  return validator.end();
}
