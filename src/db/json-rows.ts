// Many rows in one D1 statement: each row is a JSON array, and the rows travel as ONE bound
// JSON text parameter that the statement expands with json_each(?). A statement then binds a
// handful of parameters whatever its row count (D1 allows 100), and only the 2 MB limit of a
// single value bounds it, so rows are cut into chunks well under that.

/** Bound JSON values are kept well under D1's 2 MB limit per value. */
export const MAX_JSON_PARAM_BYTES = 512 * 1024;

const ASCII = /^[\x00-\x7f]*$/;

/** Joins JSON row texts into JSON array texts of at most `maxBytes` (UTF-8) each. */
export function chunkJsonRows(jsonRows: readonly string[], maxBytes = MAX_JSON_PARAM_BYTES): string[] {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: rows that fit even so are one chunk, without
  // encoding each of them (thousands of TextEncoder calls were a measurable part of a write).
  let units = 2;
  for (const row of jsonRows) units += row.length + 1;
  if (jsonRows.length === 0) return [];
  if (units * 3 <= maxBytes) return [`[${jsonRows.join(",")}]`];
  const utf8 = new TextEncoder();
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 2; // the brackets
  for (const row of jsonRows) {
    const rowBytes = (ASCII.test(row) ? row.length : utf8.encode(row).length) + 1; // plus the comma
    if (current.length > 0 && size + rowBytes > maxBytes) {
      chunks.push(`[${current.join(",")}]`);
      current = [];
      size = 2;
    }
    current.push(row);
    size += rowBytes;
  }
  if (current.length > 0) chunks.push(`[${current.join(",")}]`);
  return chunks;
}
