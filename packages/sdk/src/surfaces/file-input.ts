/**
 * A file's content, in any form `fetch` can send: a Blob or File (browsers; Node's
 * `fs.openAsBlob`, or `fileFromPath` from `@revenue-edge/sdk/node`), text, or bytes.
 */
export type FileInput = Blob | string | ArrayBuffer | Uint8Array;

export async function fileBlob(input: FileInput, type: string): Promise<Blob> {
  if (input instanceof Blob) return input;
  // string, ArrayBuffer and Uint8Array are all Blob parts (the cast spares the lib-specific BlobPart type).
  return new Blob([input as unknown as ArrayBuffer], { type });
}

/** The name of a File-like input, when it has one. */
export function fileName(input: FileInput): string | undefined {
  const name = (input as { name?: unknown }).name;
  return typeof name === "string" && name !== "" ? name : undefined;
}
