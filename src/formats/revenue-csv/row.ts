// A CSV data row, read through the header layout into the shared record rules.
import type { HeaderLayout } from "./header";
import { validateRevenueRecord, type RecordResult, type RevenueRecordInput } from "./record";

export function rowToRecordInput(fields: readonly string[], layout: HeaderLayout): RevenueRecordInput {
  const at = (i: number | undefined) => (i === undefined ? undefined : fields[i]);
  const { index } = layout;
  const labels: string[] = [];
  for (const i of layout.labels) labels.push(fields[i] ?? "");
  return {
    revenueClosedDate: at(index.RevenueClosedDate),
    currencyCode: at(index.CurrencyCode),
    value: at(index.Value),
    leadDate: at(index.LeadDate),
    visitor: {
      RaId: at(index.RaId),
      EmailAddress: at(index.EmailAddress),
      PhoneNumber: at(index.PhoneNumber),
      PayloadValue: at(index.PayloadValue),
      CookieValue: undefined,
    },
    labels,
    reference: at(index.Reference),
    additionalData: at(index.AdditionalDataProperties),
  };
}

/** Checks one data row: its width against the header, then every record rule. */
export function validateRevenueRow(fields: readonly string[], layout: HeaderLayout, nowMs: number): RecordResult {
  if (fields.length !== layout.names.length) {
    return {
      ok: false,
      problems: [
        {
          column: null,
          message: `Row has ${fields.length} field${fields.length === 1 ? "" : "s"} but the header has ${layout.names.length}`,
        },
      ],
    };
  }
  return validateRevenueRecord(rowToRecordInput(fields, layout), nowMs);
}
