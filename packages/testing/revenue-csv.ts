/**
 * A valid Ruler-format CSV: one row per reference, each `Value` 10.00 USD. A row's date comes
 * from its reference (its trailing number), so the same reference in two files is the same
 * record (same Reference and RevenueClosedDate): a duplicate.
 */
export function revenueCsv(references: string[]): string {
  const header = "RevenueClosedDate,CurrencyCode,Value,EmailAddress,Label,Reference";
  const rows = references.map((ref) => {
    const n = Number(/(\d+)$/.exec(ref)?.[1] ?? 0);
    const day = String((n % 28) + 1).padStart(2, "0");
    const month = String((Math.floor(n / 28) % 12) + 1).padStart(2, "0");
    return `2024-${month}-${day}T10:00:00,USD,10.00,buyer${n}@example.com,Deal,${ref}`;
  });
  return `${[header, ...rows].join("\n")}\n`;
}

export const references = (prefix: string, count: number, from = 0) => Array.from({ length: count }, (_, i) => `${prefix}-${from + i}`);
