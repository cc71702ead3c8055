// Opaque cursors of lists ordered by (time, id), newest first: base64url of `[time, id]`.

export type TimeCursor = { occurredAt: string; id: string };

export const encodeTimeCursor = (c: TimeCursor): string =>
  btoa(JSON.stringify([c.occurredAt, c.id]))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");

/** The cursor, or null when `text` is not one `encodeTimeCursor` wrote (the route says how it refuses). */
export function decodeTimeCursor(text: string): TimeCursor | null {
  try {
    const [occurredAt, id] = JSON.parse(atob(text.replaceAll("-", "+").replaceAll("_", "/"))) as unknown[];
    if (typeof occurredAt === "string" && typeof id === "string") return { occurredAt, id };
  } catch {
    // not base64 or not JSON: not a cursor
  }
  return null;
}
