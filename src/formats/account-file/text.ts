import { FileRefusal } from "./refusal";

/**
 * Decodes a CSV or XML file as UTF-8, dropping a byte-order mark. Invalid UTF-8 is refused
 * rather than replaced with U+FFFD, because a silently mangled account name would become a
 * different account.
 */
export function decodeUtf8File(bytes: Uint8Array, what: string): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new FileRefusal(`The ${what} file is not valid UTF-8 text; save it with UTF-8 encoding.`);
  }
  return text;
}
