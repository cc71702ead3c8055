// API token strings: `<prefix>_<32 chars of [A-Za-z0-9]>` (contract §1). The shape is checked
// before any storage lookup, so garbage never costs a D1 query.

import { randomAlphanumeric } from "../ids";

export const tokenPrefixes = ["sec", "trk", "pub"] as const;
export type TokenPrefix = (typeof tokenPrefixes)[number];
export type TokenKind = "secret" | "public";

const TOKEN_SHAPE = /^(sec|trk|pub)_[A-Za-z0-9]{32}$/;

export function isTokenShape(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}

export function kindOfPrefix(prefix: TokenPrefix): TokenKind {
  return prefix === "pub" ? "public" : "secret";
}

/** A new clear token: 32 characters from a 62-letter alphabet, ~190 bits, no modulo bias. */
export function generateToken(prefix: TokenPrefix): string {
  return `${prefix}_${randomAlphanumeric(32)}`;
}

/**
 * SHA-256 hex of a token or client secret. The secrets are ~190 random bits, so a fast hash
 * is enough (a slow password hash protects low-entropy secrets, which these are not).
 */
export async function hashSecret(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Constant-time comparison of two digests of the same length (e.g. SHA-256 hex). Not for clear
 * secrets of unknown length: use `sameSecret` (deployment-secrets.ts), which hashes first.
 */
export function timingSafeEqualText(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  if (x.byteLength !== y.byteLength) return false;
  return crypto.subtle.timingSafeEqual(x, y);
}
