// OAuth2 client ids and secrets (contract §1). Like API tokens, the secret is random enough
// (40 letters of 62, ~238 bits) that a SHA-256 hash is a safe way to keep it.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomText(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length + 16))) {
      // 248 = 4 * 62: rejecting bytes >= 248 keeps every letter equally likely.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** `cli_` + 24 letters: public, appears in logs and in access tokens' `sub`. */
export const newClientId = () => `cli_${randomText(24)}`;

/** `cs_` + 40 letters: shown once at creation, kept only as a hash. */
export const newClientSecret = () => `cs_${randomText(40)}`;

/** Client ids of this service, and of the dev seed script (`cli_demo…`). */
export const CLIENT_ID_SHAPE = /^cli_[A-Za-z0-9]{1,64}$/;
