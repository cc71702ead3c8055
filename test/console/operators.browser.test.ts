import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { base, launch, openPage, screenshot, signIn } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("console operator pages", () => {
  it("creates a site, shows a new token once, changes its rate limit, revokes it; the same for an OAuth2 client", async () => {
    const { page, context, problems } = await openPage(browser);
    await signIn(page, inject("adminToken"));
    await page.getByRole("heading", { level: 1, name: "Sites" }).waitFor();

    const name = `Operator test ${Date.now()}`;
    await page.getByLabel("Site name").fill(name);
    await page.getByLabel("Default currency").fill("jpy");
    await page.getByRole("button", { name: "Create site" }).click();
    await page.getByRole("status").getByRole("link", { name }).click();
    await page.getByRole("heading", { level: 2, name: new RegExp(`${name} .* JPY`) }).waitFor();

    // Create: the clear token is on the page once.
    await page.getByLabel("Token name").fill("backend");
    await page.getByRole("button", { name: "Create token" }).click();
    const secret = page.locator("code.secret");
    await secret.waitFor();
    const token = (await secret.textContent()) ?? "";
    expect(token).toMatch(/^sec_[A-Za-z0-9]{32}$/);
    await screenshot(page, "operator-token-created");
    await page.getByRole("button", { name: "I have copied it" }).click();
    await secret.waitFor({ state: "detached" });
    expect(await page.content()).not.toContain(token);
    const row = page.getByRole("row").filter({ hasText: "backend" });
    expect(await row.textContent()).toContain(`…${token.slice(-4)}`);

    // The token works for the API.
    expect((await fetch(`${base()}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    // Change its rate limit.
    await page.getByRole("button", { name: "Change rate limit of backend" }).click();
    await page.getByLabel("Requests").fill("5");
    await page.getByLabel("per seconds").fill("60");
    await page.getByRole("button", { name: "Save rate limit" }).click();
    await expect.poll(() => row.textContent()).toContain("5 per 60 s");
    const me = await (await fetch(`${base()}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect((me as { token: { rate_limit: unknown } }).token.rate_limit).toEqual({ limit: 5, window_seconds: 60 });

    // Revoke, in two steps.
    await page.getByRole("button", { name: "Revoke token backend" }).click();
    await page.getByRole("button", { name: "Confirm revoking token backend" }).click();
    await expect.poll(() => row.textContent()).toMatch(/revoked/);
    await expect
      .poll(async () => (await fetch(`${base()}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status, { timeout: 15_000 })
      .toBe(401);

    // OAuth2 client: secret shown once, then revoked.
    await page.getByLabel("Client name").fill("ERP export");
    await page.getByRole("button", { name: "Create OAuth2 client" }).click();
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/^cs_[A-Za-z0-9]{40}$/);
    await page.getByRole("button", { name: "I have copied it" }).click();
    const clientRow = page.getByRole("row").filter({ hasText: "ERP export" });
    await page.getByRole("button", { name: "Revoke client ERP export" }).click();
    await page.getByRole("button", { name: "Confirm revoking client ERP export" }).click();
    await expect.poll(() => clientRow.textContent()).toMatch(/revoked/);
    await screenshot(page, "operator-site");

    await page.getByRole("link", { name: "Dead letters" }).click();
    await page.getByRole("heading", { level: 1, name: "Dead letters" }).waitFor();
    await expect
      .poll(() =>
        page
          .getByText(/No dead letters|Queue messages that exhausted/)
          .first()
          .isVisible(),
      )
      .toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows an admin API refusal as a sentence with the request id", async () => {
    const { page, context } = await openPage(browser);
    await signIn(page, inject("adminToken"));
    await page.getByRole("heading", { level: 1, name: "Sites" }).waitFor();
    await page.getByLabel("Site name").fill("Bad currency");
    await page.getByLabel("Default currency").fill("XYZ");
    await page.getByRole("button", { name: "Create site" }).click();
    const alert = page.getByRole("alert");
    await expect
      .poll(() => alert.textContent())
      .toMatch(/The request was refused: default_currency: must be an active ISO 4217 currency code\./);
    expect(await alert.textContent()).toMatch(/Request id: \S+/);
    await context.close();
  });
});
