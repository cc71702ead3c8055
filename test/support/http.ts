import { env, exports } from "cloudflare:workers";

export const ADMIN_TOKEN = () => env.ADMIN_TOKEN;

/** Sends a request to the Worker under test (its real fetch handler, in workerd). */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`https://revenue-edge.test${path}`, init));
}

export function json(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return call(path, { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

export function admin(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${env.ADMIN_TOKEN}` };
  if (body === undefined) return call(path, { method, headers });
  return json(method, path, body, headers);
}
