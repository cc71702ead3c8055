// Free-form JSON objects from clients (event `metadata`/`event_data`, contact `custom_fields`)
// with a bounded nesting depth and size. JSON.parse accepts any depth, but what comes after may
// not: the queue's serialiser threw on 16,000 levels (a 503 no retry could fix), and recursive
// code (JSON.stringify, SQLite's JSON functions at 1,000 levels) can fail the same way. The depth
// is measured iteratively and only up to the limit, so a hostile value costs no deep recursion.
import { z } from "@hono/zod-openapi";

/** Nesting levels of objects/arrays allowed in a free-form value (`{"a":{"b":1}}` is 2). */
export const MAX_JSON_DEPTH = 10;

/** True when `value` nests objects/arrays more than `limit` levels deep. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Why the free-form object cannot be accepted (a phrase after "The <field> field …"), or null. */
export function jsonObjectProblem(value: Record<string, unknown>, maxBytes: number, maxDepth = MAX_JSON_DEPTH): string | null {
  if (nestedDeeperThan(value, maxDepth)) return `must not be nested more than ${maxDepth} levels deep`;
  if (new TextEncoder().encode(JSON.stringify(value)).byteLength > maxBytes) return `must not be larger than ${maxBytes} bytes of JSON`;
  return null;
}

/** A free-form JSON object whose depth and size are checked by the schema (400 naming the field). */
export function boundedJsonObject(maxBytes: number, maxDepth = MAX_JSON_DEPTH) {
  return z
    .record(z.string(), z.unknown())
    .superRefine((value, ctx) => {
      const problem = jsonObjectProblem(value, maxBytes, maxDepth);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .openapi({ description: `Any JSON object, nested at most ${maxDepth} levels deep and at most ${maxBytes} bytes as JSON` });
}
