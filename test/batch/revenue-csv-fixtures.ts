// Builders of revenue batch CSV files for the batch tests.

export const HEADER = [
  "RevenueClosedDate",
  "CurrencyCode",
  "Value",
  "RaId",
  "EmailAddress",
  "PhoneNumber",
  "PayloadValue",
  "LeadDate",
  "Label",
  "Label",
  "Reference",
  "AdditionalDataProperties",
] as const;

export type RowValues = Partial<Record<(typeof HEADER)[number] | "Label2", string>>;

/** A valid row; `overrides` replaces single cells ("Label2" is the second Label column). */
export function row(n: number, overrides: RowValues = {}): string[] {
  const base: Record<string, string> = {
    RevenueClosedDate: "2024-03-01",
    CurrencyCode: "USD",
    Value: `${100 + n}.50`,
    RaId: "",
    EmailAddress: `buyer${n}@example.com`,
    PhoneNumber: "",
    PayloadValue: "",
    LeadDate: "2024-02-01T10:00:00",
    Label: "Deal",
    Label2: "Inbound",
    Reference: `REF-${n}`,
    AdditionalDataProperties: "Name=Source,Value=Google",
    ...overrides,
  };
  return HEADER.map((c, i) => (c === "Label" && i === 9 ? base.Label2! : base[c]!));
}

export function quoteCsv(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

export function csv(rows: readonly (readonly string[])[], header: readonly string[] = HEADER, eol = "\r\n"): string {
  return [header, ...rows].map((r) => r.map(quoteCsv).join(",")).join(eol) + eol;
}

/** A file of `count` valid rows REF-<start>… */
export function validCsv(count: number, start = 1, overrides: RowValues = {}): string {
  return csv(Array.from({ length: count }, (_, i) => row(start + i, overrides)));
}

export function streamOf(text: string | Uint8Array, chunkBytes = 4096): ReadableStream<Uint8Array> {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunkBytes));
      at += chunkBytes;
    },
  });
}
