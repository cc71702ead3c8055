import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCall, launch, openPage, signIn, tenant } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("console sign-in", () => {
  it("signs in with a site's secret token, keeps it in sessionStorage only, and signs out", async () => {
    const t = await tenant({ currency: "EUR" });
    const { page, context, problems } = await openPage(browser);
    await signIn(page, t.token);
    await expect.poll(() => page.getByRole("heading", { level: 1, name: "Overview" }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText(`${t.siteName} · ${t.siteId}`).isVisible()).toBe(true);
    const stored = await page.evaluate(() => ({
      session: JSON.stringify(sessionStorage),
      local: localStorage.length,
      cookies: document.cookie,
    }));
    expect(stored.session).toContain(t.token);
    expect(stored.local).toBe(0);
    expect(stored.cookies).toBe("");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect.poll(() => page.getByLabel("API token").isVisible()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("says in a sentence, with the request id, that a revoked token is not accepted", async () => {
    const t = await tenant();
    await adminCall("DELETE", `/admin/tokens/${t.tokenId}`);
    const { page, context } = await openPage(browser);
    await signIn(page, t.token);
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent()).toMatch(/This token was not accepted: it is mistyped, revoked, or no longer exists/);
    expect(await alert.textContent()).toMatch(/Request id: \S+/);
    expect(await alert.textContent()).not.toContain("{");
    await context.close();
  });

  it("tells a signed-in user whose token ran out of its rate limit when to try again", async () => {
    // 2 requests per hour: sign-in takes one, the overview's first call the other, the second is refused.
    const t = await tenant({ rateLimit: { limit: 2, window_seconds: 3600 } });
    const { page, context } = await openPage(browser);
    await signIn(page, t.token);
    const alert = page.getByRole("alert");
    await expect
      .poll(() => alert.textContent(), { timeout: 15_000 })
      .toMatch(/Too many requests: this token's rate limit is used up\. Try again in \d+ seconds\./);
    expect(await alert.textContent()).toMatch(/Request id: \S+/);
    await context.close();
  });

  it("signs an operator in with the admin token and shows the operator pages only", async () => {
    const { page, context } = await openPage(browser);
    await signIn(page, (await import("vitest")).inject("adminToken"));
    await expect.poll(() => page.getByRole("heading", { level: 1, name: "Sites" }).isVisible()).toBe(true);
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link").allTextContents()).toEqual(["Sites", "Dead letters"]);
    await context.close();
  });
});
