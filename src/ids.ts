/** Random ids with a type prefix (`site_…`, `tok_…`), 128 bits, URL-safe. */
export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll("-", "")}`;
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * `length` random letters of [A-Za-z0-9] (~5.95 bits each), with no modulo bias: the secret part
 * of API tokens and OAuth2 client ids and secrets.
 */
export function randomAlphanumeric(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length + 16))) {
      // 248 = 4 * 62: rejecting bytes >= 248 keeps every letter equally likely.
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}
