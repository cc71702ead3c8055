// Every call the console makes goes through the SDK (@revenue-edge/sdk, its browser-safe core
// entry): the same public API and the same generated request/response types as any client.
import { AuthError, type Me, RevenueEdge, type RevenueEdgeOptions } from "@revenue-edge/sdk";

export type Role = "site" | "operator";

/**
 * The console's settings of the SDK: same origin; a person waits for the page, so a server
 * that asks for more than 10 s (429/503 `Retry-After`) is shown as a sentence at once instead
 * of a long "Loading…", and transient failures are retried twice.
 */
const OPTIONS: Omit<RevenueEdgeOptions, "baseUrl"> = { maxRetries: 2, maxRetryAfterMs: 10_000, timeoutMs: 60_000 };

/** A site's client (secret token, its site by default in every `/v1/{siteId}/…` call). */
export const siteClient = (token: string, siteId?: string) => new RevenueEdge({ baseUrl: location.origin, token, siteId, ...OPTIONS });

/** The operators' client (admin token). */
export const operatorClient = (adminToken: string) => new RevenueEdge({ baseUrl: location.origin, adminToken, ...OPTIONS });

/**
 * Who a token is: a site token answers `GET /v1/me`; otherwise it may be the operators' admin
 * token, which the admin API accepts.
 */
export async function whoIs(token: string): Promise<{ role: "site"; me: Me } | { role: "operator" }> {
  try {
    return { role: "site", me: await siteClient(token).me() };
  } catch (err) {
    if (!(err instanceof AuthError) || err.status !== 401) throw err;
    try {
      await operatorClient(token).admin.listSites({ limit: 1 });
      return { role: "operator" };
    } catch (adminErr) {
      if (adminErr instanceof AuthError && adminErr.status === 401) throw err;
      throw adminErr;
    }
  }
}
