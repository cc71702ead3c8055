import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { ApiError } from "../../http/errors";
import { idempotent } from "../../idempotency/middleware";

/** Bodies of the history surface are at most 5 MiB (contract §4), checked before parsing. */
export const HISTORY_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Idempotency-Key on the bulk imports (a retry after a timeout cannot import twice). */
export const retrySafeImport = idempotent({ maxBodyBytes: () => HISTORY_MAX_BODY_BYTES });

/** At most this many items in one bulk request. */
export const MAX_BULK_ITEMS = 1000;

/**
 * Reads the array field of a bulk body (`records`, `contacts`, `offers`, `sends`). Whatever is
 * wrong with the request as a whole refuses it with the Trackly codes: `missing_<field>` (absent,
 * not an array, or empty) and `too_many_<field>`. The items themselves are checked one by one
 * later, so one bad item never refuses the others.
 */
export async function readBulkItems(c: Context<AppEnv>, field: string): Promise<unknown[]> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError({ code: "BAD_REQUEST", wireCode: "invalid_json", message: "The request body must be valid JSON." });
  }
  const items = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)[field] : undefined;
  if (!Array.isArray(items) || items.length === 0) {
    throw new ApiError({
      code: "BAD_REQUEST",
      wireCode: `missing_${field}`,
      message: `The ${field} field is required and must be a non-empty array.`,
    });
  }
  if (items.length > MAX_BULK_ITEMS) {
    throw new ApiError({
      code: "PAYLOAD_TOO_LARGE",
      wireCode: `too_many_${field}`,
      message: `Exceeded the maximum of 1,000 ${field} per request (got ${items.length.toLocaleString("en-US")}).`,
    });
  }
  return items;
}

/** Logs why a bulk write failed; the client only sees `save_error` on the affected items. */
export function logSaveError(c: Context<AppEnv>, what: string) {
  return (cause: unknown) =>
    console.error(
      JSON.stringify({
        level: "error",
        requestId: c.get("requestId"),
        siteId: c.get("principal")?.siteId,
        msg: `${what} save failed`,
        error: String(cause),
      }),
    );
}
