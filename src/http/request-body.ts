import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

// @hono/zod-openapi validates a request body only under a Content-Type the route declares: any
// other one is a generic 415 before the validator, a JSON validator reads a non-JSON Content-Type
// as `{}`, and unreadable JSON or form data are generic 400s. The compatible surfaces are more
// lenient than that and word their own errors (a beacon's `text/plain` is JSON, Trackly's
// clients send whatever Content-Type they send). So such a surface reads the body its own way in
// route middleware (after auth and limits) and hands it over with these: the body is cached on
// the request, and the request is labelled with the media type the route declares, so the
// route's validator — the zod schema in the document — validates exactly what was read.

/** Replaces the request by one labelled `contentType` (the body, when given, as read). */
function relabel(c: Context<AppEnv>, contentType: string, body: string | null): void {
  const raw = c.req.raw;
  const headers = new Headers(raw.headers);
  headers.set("content-type", contentType);
  c.req.raw = new Request(raw.url, { method: raw.method, headers, body });
}

/**
 * Route middleware for bodies that are JSON whatever their Content-Type: a body that is not
 * JSON is refused with the surface's own error (`malformed()`), and the route's JSON validator
 * then reads the body even when it came as `text/plain` or without a Content-Type.
 */
export function jsonBody(malformed: () => Error): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async function jsonBody(c, next) {
    await readJsonBody(c, malformed);
    await next();
  });
}

/** What `jsonBody` does, for middleware that needs the parsed body itself. */
export async function readJsonBody(c: Context<AppEnv>, malformed: () => Error): Promise<unknown> {
  // Cached by hono: the validator reads the same text again instead of the stream.
  const text = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw malformed();
  }
  relabel(c, "application/json", text);
  return body;
}

/**
 * Hands a form the surface has read (its own checks of Content-Type and framing) to the route's
 * form validator, declared under `mediaType`.
 */
export function provideForm(
  c: Context<AppEnv>,
  form: FormData,
  mediaType: "multipart/form-data" | "application/x-www-form-urlencoded",
): void {
  // The validator takes a cached FormData as it is; the body itself has been read.
  (c.req.bodyCache as { formData?: Promise<FormData> }).formData = Promise.resolve(form);
  relabel(c, mediaType, null);
}
