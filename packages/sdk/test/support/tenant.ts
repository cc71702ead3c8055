import { RevenueEdge, type RevenueEdgeOptions } from "@revenue-edge/sdk";
import { inject } from "vitest";

export const workerUrl = () => inject("workerUrl");

/** An admin client of the test Worker. */
export function adminClient(): RevenueEdge {
  return new RevenueEdge({ baseUrl: inject("workerUrl"), adminToken: inject("adminToken") });
}

export type Tenant = {
  siteId: string;
  secret: string;
  publicToken: string;
  trk: string;
  client: (options?: Partial<RevenueEdgeOptions>) => RevenueEdge;
};

/** A fresh site with a secret (high limit), a public and a `trk_` token, through the admin API. */
export async function tenant(options: { currency?: string } = {}): Promise<Tenant> {
  const admin = adminClient();
  const site = await admin.admin.createSite({
    name: `sdk test ${Date.now()}`,
    default_currency: options.currency ?? "USD",
    rate_limit: { limit: 100_000, window_seconds: 60 },
  });
  const secret = await admin.admin.createToken(site.id, { kind: "secret" });
  const publicToken = await admin.admin.createToken(site.id, { kind: "public" });
  const trk = await admin.admin.createToken(site.id, { kind: "secret", prefix: "trk" });
  return {
    siteId: site.id,
    secret: secret.token,
    publicToken: publicToken.token,
    trk: trk.token,
    client: (extra = {}) => new RevenueEdge({ baseUrl: inject("workerUrl"), token: secret.token, siteId: site.id, ...extra }),
  };
}
