import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { newApp } from "../../src/app";
import { expectDocumented } from "./documented-responses";

/** A long random secret, acceptable outside development. */
export const strongSecret = () => `${crypto.randomUUID()}${crypto.randomUUID()}`;

/**
 * Sends a request to the app with the test bindings (real D1, R2, queues, Durable Objects) and
 * some variables replaced, e.g. `{ ENVIRONMENT: "production" }` to see what a deployment does.
 * The response is checked against /openapi.json, as `call()` checks it.
 */
export async function callWith(vars: Partial<Record<keyof Env, string>>, path: string, init: RequestInit = {}): Promise<Response> {
  // The context's deferred work is not awaited, as on Cloudflare (and as `call()` does): the
  // rate limiter keeps a lease's give-back alive for up to 5 s after the response (waitUntil),
  // which awaiting here would add to every request.
  // Checked against /openapi.json like every `call()`: what a deployment answers is documented.
  const ctx = createExecutionContext();
  const request = new Request(`https://revenue-edge.test${path}`, init);
  const response = await newApp().fetch(request, { ...env, ...vars } as Env, ctx);
  await expectDocumented(request.method, path, response);
  return response;
}

/** A client address no other test uses (TEST-NET-2 and the IPv6 documentation prefix). */
export function uniqueAddress(kind: "v4" | "v6" = "v4"): string {
  const [a, b, c, d] = crypto.getRandomValues(new Uint16Array(4));
  return kind === "v4"
    ? `198.51.${a! % 256}.${b! % 256}`
    : `2001:db8:${a!.toString(16)}:${b!.toString(16)}:${c!.toString(16)}:${d!.toString(16)}:1:2`;
}
