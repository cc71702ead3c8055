// A response kept for replay, sealed (AES-256-GCM) with a key derived from the Idempotency-Key
// and its scope. Only a request presenting the key can open it: the database alone does not
// give away what a response held (a clear API token or client secret is shown once, at
// creation, and stored nowhere else in clear). The strength is that of the client's key, which
// is why the README asks for a random one (a UUID v4).
import { Buffer } from "node:buffer";

export type StoredResponse = { status: number; headers: Array<[string, string]>; body: Uint8Array };

const encoder = new TextEncoder();

async function sealingKey(scope: string, idempotencyKey: string): Promise<CryptoKey> {
  const material = await crypto.subtle.digest(
    "SHA-256",
    encoder.encode(`revenue-edge idempotency response v1\n${scope}\n${idempotencyKey}`),
  );
  return crypto.subtle.importKey("raw", material, "AES-GCM", false, ["encrypt", "decrypt"]);
}

/** The text stored: base64 of iv ‖ ciphertext of `headers JSON \n body`. */
export async function sealResponse(
  scope: string,
  idempotencyKey: string,
  headers: Array<[string, string]>,
  body: Uint8Array,
): Promise<string> {
  const head = encoder.encode(`${JSON.stringify(headers)}\n`);
  const plain = new Uint8Array(head.byteLength + body.byteLength);
  plain.set(head, 0);
  plain.set(body, head.byteLength);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await sealingKey(scope, idempotencyKey), plain));
  return Buffer.concat([iv, cipher]).toString("base64");
}

export async function openResponse(
  scope: string,
  idempotencyKey: string,
  sealed: string,
): Promise<{ headers: Array<[string, string]>; body: Uint8Array<ArrayBuffer> }> {
  const bytes = Buffer.from(sealed, "base64");
  const plain = new Uint8Array(
    await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: bytes.subarray(0, 12) },
      await sealingKey(scope, idempotencyKey),
      bytes.subarray(12),
    ),
  );
  const newline = plain.indexOf(10);
  return {
    headers: JSON.parse(new TextDecoder().decode(plain.subarray(0, newline))) as Array<[string, string]>,
    body: plain.subarray(newline + 1),
  };
}
