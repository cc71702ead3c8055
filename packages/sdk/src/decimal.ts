/**
 * Exact sums of decimal amounts as text: the server computes each response's total in minor
 * units and sends it as a JSON number; adding those numbers as floats would drift
 * (0.1 + 0.2), so chunk totals are added digit-exactly here.
 */
export function addDecimals(values: ReadonlyArray<number | string>): string {
  let scale = 0;
  const parts = values.map((v) => {
    const text = typeof v === "number" ? numberText(v) : v.trim();
    const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
    if (!m) throw new RangeError(`Not a decimal: ${text}`);
    const fraction = m[3] ?? "";
    scale = Math.max(scale, fraction.length);
    return { negative: m[1] === "-", whole: m[2] || "0", fraction };
  });
  let sum = 0n;
  for (const p of parts) {
    const units = BigInt(p.whole + p.fraction.padEnd(scale, "0"));
    sum += p.negative ? -units : units;
  }
  const negative = sum < 0n;
  const digits = (negative ? -sum : sum).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** A number's shortest round-trip text, without exponent notation. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`Not a finite number: ${n}`);
  const text = String(n);
  if (!/e/i.test(text)) return text;
  return n.toFixed(20).replace(/\.?0+$/, "");
}
