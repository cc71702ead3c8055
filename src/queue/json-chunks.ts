/**
 * Splits rows into JSON arrays of at most `maxBytes` each, for statements that expand one
 * bound JSON parameter with json_each(). D1 allows up to 2 MB per value; staying well below
 * keeps every statement valid whatever the rows hold.
 */
export function jsonChunks<T>(rows: readonly T[], maxBytes = 900_000): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const row of rows) {
    const json = JSON.stringify(row);
    if (current.length && size + json.length + 1 > maxBytes) {
      chunks.push(`[${current.join(",")}]`);
      current = [];
      size = 2;
    }
    current.push(json);
    size += json.length + 1;
  }
  if (current.length) chunks.push(`[${current.join(",")}]`);
  return chunks;
}
