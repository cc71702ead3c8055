import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admin } from "../support/http";

describe("admin API (happy)", () => {
  it("creates a site with defaults and reads it back", async () => {
    const res = await admin("POST", "/admin/sites", { name: "Shop", default_currency: "eur" });
    expect(res.status).toBe(201);
    const site = (await res.json()) as { id: string; default_currency: string; rate_limit: unknown };
    expect(site).toMatchObject({ name: "Shop", default_currency: "EUR", rate_limit: { limit: 600, window_seconds: 60 } });
    expect(await (await admin("GET", `/admin/sites/${site.id}`)).json()).toEqual(site);
    const list = (await (await admin("GET", "/admin/sites?limit=1000")).json()) as { data: Array<{ id: string }> };
    expect(list.data.map((s) => s.id)).toContain(site.id);
  });

  it("creates tokens of each prefix, shows the clear token once and stores only its hash", async () => {
    const site = (await (await admin("POST", "/admin/sites", { name: "S" })).json()) as { id: string };
    const made = [];
    for (const body of [
      { kind: "secret" },
      { kind: "secret", prefix: "trk" },
      { kind: "public", allowed_origins: ["https://a.example"] },
    ]) {
      const res = await admin("POST", `/admin/sites/${site.id}/tokens`, body);
      expect(res.status).toBe(201);
      made.push((await res.json()) as { id: string; token: string; prefix: string; hint: string });
    }
    expect(made.map((t) => t.token.slice(0, 4))).toEqual(["sec_", "trk_", "pub_"]);
    for (const t of made) expect(t.token).toMatch(/^(sec|trk|pub)_[A-Za-z0-9]{32}$/);

    const listed = (await (await admin("GET", `/admin/sites/${site.id}/tokens`)).json()) as { data: Array<Record<string, unknown>> };
    expect(listed.data).toHaveLength(3);
    for (const t of listed.data) expect(t).not.toHaveProperty("token");
    expect(JSON.stringify(listed)).not.toContain(made[0]!.token);

    const stored = await env.DB.prepare("SELECT token_hash FROM api_tokens WHERE id = ?").bind(made[0]!.id).first<{ token_hash: string }>();
    expect(stored!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.token_hash).not.toContain(made[0]!.token.slice(4));
  });

  it("updates a token's rate limit, origins and name, and revokes it", async () => {
    const site = (await (await admin("POST", "/admin/sites", { name: "S" })).json()) as { id: string };
    const tok = (await (await admin("POST", `/admin/sites/${site.id}/tokens`, { kind: "public" })).json()) as { id: string };
    const patched = await admin("PATCH", `/admin/tokens/${tok.id}`, {
      rate_limit: { limit: 86_400, window_seconds: 86_400 },
      allowed_origins: ["https://b.example"],
      name: "web",
    });
    expect(await patched.json()).toMatchObject({
      rate_limit: { limit: 86_400, window_seconds: 86_400 },
      allowed_origins: ["https://b.example"],
      name: "web",
    });
    const reset = await admin("PATCH", `/admin/tokens/${tok.id}`, { rate_limit: null });
    expect(await reset.json()).toMatchObject({ rate_limit: null });
    expect((await admin("DELETE", `/admin/tokens/${tok.id}`)).status).toBe(204);
    const listed = (await (await admin("GET", `/admin/sites/${site.id}/tokens`)).json()) as { data: Array<{ revoked_at: string | null }> };
    expect(listed.data[0]!.revoked_at).toMatch(/Z$/);
  });
});
