import { expect } from "vitest";
import { admin } from "./http";

export type TestSite = { id: string; name: string; default_currency: string };
export type TestToken = { id: string; token: string; kind: "secret" | "public" };

type RateLimit = { limit: number; window_seconds: number };

/** A fresh site per test keeps tests independent whatever storage isolation the runner gives. */
export async function createSite(options: { default_currency?: string; rate_limit?: RateLimit } = {}): Promise<TestSite> {
  const res = await admin("POST", "/admin/sites", { name: `test ${crypto.randomUUID()}`, ...options });
  expect(res.status).toBe(201);
  return (await res.json()) as TestSite;
}

export async function createToken(
  siteId: string,
  options: { kind?: "secret" | "public"; prefix?: string; allowed_origins?: string[]; rate_limit?: RateLimit } = {},
): Promise<TestToken> {
  const res = await admin("POST", `/admin/sites/${siteId}/tokens`, { kind: "secret", ...options });
  expect(res.status).toBe(201);
  return (await res.json()) as TestToken;
}

/** A site with one secret and one public token. */
export async function createTenant(options: { default_currency?: string; rate_limit?: RateLimit } = {}) {
  const site = await createSite(options);
  const secret = await createToken(site.id, { kind: "secret" });
  const publicToken = await createToken(site.id, { kind: "public" });
  return { site, secret: secret.token, secretId: secret.id, public: publicToken.token, publicId: publicToken.id };
}
