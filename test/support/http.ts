import { env, exports } from "cloudflare:workers";
import { expectDocumented } from "./documented-responses";

export const ADMIN_TOKEN = () => env.ADMIN_TOKEN;

/**
 * Sends a request to the Worker under test (its real fetch handler, in workerd). Every response
 * is checked against /openapi.json (status, required headers, media type, JSON body schema), so
 * a test fails when the Worker answers something its document does not say.
 */
export async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const request = new Request(`https://revenue-edge.test${path}`, init);
  const response = await exports.default.fetch(request);
  await expectDocumented(request.method, path, response);
  return response;
}

export function json(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return call(path, { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

export function admin(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${env.ADMIN_TOKEN}` };
  if (body === undefined) return call(path, { method, headers });
  return json(method, path, body, headers);
}
