/** Random ids with a type prefix (`site_…`, `tok_…`), 128 bits, URL-safe. */
export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll("-", "")}`;
}
