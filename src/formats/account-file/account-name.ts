/**
 * Account names are case-insensitive (contract §6): `ACME` and `Acme` are one account, shown
 * as first uploaded. The key compares names after Unicode normalisation, case folding and
 * collapsing runs of whitespace, so `Acme  Corp` and `acme corp` are one account too.
 */
export function accountKey(name: string): string {
  return name.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

/** The name as it will be shown: trimmed, otherwise as the client wrote it. */
export function accountDisplayName(name: string): string {
  return name.normalize("NFC").trim();
}
