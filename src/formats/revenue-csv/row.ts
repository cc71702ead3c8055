// A CSV data row, read through the header layout into the shared record rules.
import type { HeaderLayout } from "./header";
import { MAX_CELL_LENGTH, type RecordProblem, RevenueRecordCheck, type RevenueRecordInput } from "./record";

/**
 * Reads rows of one file into the record rules. The input object (and its label list) is
 * reused from row to row, so checking a row allocates nothing when it is valid.
 */
export class RevenueRowCheck {
  readonly record: RevenueRecordCheck;
  private readonly labels: string[] = [];
  private readonly input: RevenueRecordInput = {
    revenueClosedDate: undefined,
    currencyCode: undefined,
    value: undefined,
    leadDate: undefined,
    visitor: { RaId: undefined, EmailAddress: undefined, PhoneNumber: undefined, PayloadValue: undefined, CookieValue: undefined },
    labels: this.labels,
    reference: undefined,
    additionalData: undefined,
  };
  private readonly widthProblem: RecordProblem[] = [{ column: null, message: "" }];

  constructor(
    private readonly layout: HeaderLayout,
    nowMs: number,
  ) {
    this.record = new RevenueRecordCheck(nowMs);
  }

  /**
   * Problems of the row, or an empty list. The list is reused by the next call. `rowBytes`: the
   * row's length in the file, when known (a short row skips the cell-length checks).
   */
  check(fields: readonly string[], rowBytes = Number.POSITIVE_INFINITY): readonly RecordProblem[] {
    const width = this.layout.names.length;
    if (fields.length !== width) {
      this.widthProblem[0]!.message = `Row has ${fields.length} field${fields.length === 1 ? "" : "s"} but the header has ${width}`;
      return this.widthProblem;
    }
    this.record.check(this.fill(fields), rowBytes <= MAX_CELL_LENGTH);
    return this.record.problems;
  }

  /** The record input of `fields` (the same object every call). */
  fill(fields: readonly string[]): RevenueRecordInput {
    const { index, labels } = this.layout;
    const input = this.input;
    const visitor = input.visitor;
    input.revenueClosedDate = cell(fields, index.RevenueClosedDate);
    input.currencyCode = cell(fields, index.CurrencyCode);
    input.value = cell(fields, index.Value);
    input.leadDate = cell(fields, index.LeadDate);
    visitor.RaId = cell(fields, index.RaId);
    visitor.EmailAddress = cell(fields, index.EmailAddress);
    visitor.PhoneNumber = cell(fields, index.PhoneNumber);
    visitor.PayloadValue = cell(fields, index.PayloadValue);
    input.reference = cell(fields, index.Reference);
    input.additionalData = cell(fields, index.AdditionalDataProperties);
    this.labels.length = 0;
    for (let i = 0; i < labels.length; i++) this.labels.push(fields[labels[i]!] ?? "");
    return input;
  }
}

function cell(fields: readonly string[], i: number | undefined): string | undefined {
  return i === undefined ? undefined : fields[i];
}
