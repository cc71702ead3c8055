import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { newApp } from "../../src/app";

/** A long random secret, acceptable outside development. */
export const strongSecret = () => `${crypto.randomUUID()}${crypto.randomUUID()}`;

/**
 * Sends a request to the app with the test bindings (real D1, R2, queues, Durable Objects) and
 * some variables replaced, e.g. `{ ENVIRONMENT: "production" }` to see what a deployment does.
 */
export async function callWith(vars: Partial<Record<keyof Env, string>>, path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await newApp().fetch(new Request(`https://revenue-edge.test${path}`, init), { ...env, ...vars } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** A client address no other test uses (TEST-NET-2 and the IPv6 documentation prefix). */
export function uniqueAddress(kind: "v4" | "v6" = "v4"): string {
  const [a, b, c, d] = crypto.getRandomValues(new Uint16Array(4));
  return kind === "v4"
    ? `198.51.${a! % 256}.${b! % 256}`
    : `2001:db8:${a!.toString(16)}:${b!.toString(16)}:${c!.toString(16)}:${d!.toString(16)}:1:2`;
}
