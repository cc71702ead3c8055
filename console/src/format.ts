// Display helpers. Amounts stay exact: sums are done in integer minor units (BigInt) and
// turned into decimal text with the currency's own exponent; nothing adds two currencies.

/** Digits after the decimal point, read from an exact amount the API returned ("12.50" → 2). */
export function exponentOf(amount: string): number {
  const dot = amount.indexOf(".");
  return dot < 0 ? 0 : amount.length - dot - 1;
}

export function minorToDecimal(minor: bigint, exponent: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, "0");
  const whole = exponent ? digits.slice(0, -exponent) : digits;
  const frac = exponent ? `.${digits.slice(-exponent)}` : "";
  return `${negative ? "-" : ""}${whole}${frac}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** "1234.50", "USD" → "$1,234.50" (the exact text is formatted, not a float of it). */
export function money(amount: string, currency: string): string {
  let f = formatters.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat(undefined, {
        style: "currency",
        currency,
        currencyDisplay: "code",
        maximumFractionDigits: 20,
        minimumFractionDigits: exponentOf(amount),
      });
    } catch {
      return `${amount} ${currency}`;
    }
    formatters.set(currency, f);
  }
  return f.format(amount as unknown as number);
}

export const count = (n: number) => new Intl.NumberFormat().format(n);

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d{3}Z$/, " UTC");
}

export const isoDate = (d: Date) => d.toISOString().slice(0, 10);
