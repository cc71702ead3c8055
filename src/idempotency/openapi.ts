// How the Idempotency-Key appears in /openapi.json: one header parameter and the two refusals
// it adds, on every operation that takes it (each surface supplies its own error schema).
import { z } from "@hono/zod-openapi";

export const IDEMPOTENCY_KEY_DESCRIPTION =
  "Optional. A unique key per logical request (a UUID v4 is best: the stored answer is sealed with it). " +
  "Sending the same request again with the same key within 24 hours returns the first response again " +
  "(status and body, with `Idempotent-Replayed: true` and `Original-Request-Id`) instead of running it twice. " +
  "The same key with a different request (method, path, query or body) → 422; while the first request is still " +
  "running → 409 with Retry-After. Keys are per site (per operator on the admin API).";

/**
 * `request.headers` of an operation that takes an Idempotency-Key. Documentation only: the key
 * is checked by the idempotency middleware, which runs before the route's validators.
 */
export const idempotencyKeyHeaders = z.object({
  "Idempotency-Key": z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({ description: IDEMPOTENCY_KEY_DESCRIPTION, example: "6f1c2f9e-8d0b-4c1e-9a57-2d4b8e7f0c13" }),
});

/** The 409 and 422 of the idempotency layer, in a surface's error schema. */
export function idempotencyErrorResponses<T extends z.ZodType>(schema: T) {
  return {
    409: {
      description: "A request with the same Idempotency-Key is still running (Retry-After)",
      content: { "application/json": { schema } },
    },
    422: { description: "The Idempotency-Key was already used with a different request", content: { "application/json": { schema } } },
  };
}
