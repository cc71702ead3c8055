// Every page of the console with real data: the accessibility scan (axe-core, light and dark),
// a screenshot of each (desktop, dark and phone width), the navigation timing of the overview
// and the size of the JavaScript it loads. Figures go to test-output/console/figures.json.
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import {
  base,
  csvWithErrors,
  launch,
  openPage,
  screenshot,
  seriousViolations,
  signIn,
  siteCall,
  type Tenant,
  tenant,
  writeOutput,
} from "./support/browser";

let browser: Browser;
let t: Tenant;
const figures: Record<string, unknown> = {};

/** A site with revenue in two currencies over 2026, MRR movements of every kind, and a failed job. */
async function seed(): Promise<Tenant> {
  const site = await tenant({ currency: "USD" });
  const header = "RevenueClosedDate,CurrencyCode,Value,EmailAddress,Label,Reference,AdditionalDataProperties";
  const rows: string[] = [];
  for (let m = 1; m <= 11; m++) {
    for (let i = 0; i < 6; i++) {
      const day = String(1 + i * 4).padStart(2, "0");
      const month = String(m).padStart(2, "0");
      rows.push(
        `2026-${month}-${day},USD,${(120 + m * 35 + i * 17).toFixed(2)},buyer${m}-${i}@example.com,${i % 2 ? "Inbound" : "Outbound"},US-${m}-${i},"Name=Plan,Value=${i % 3 ? "pro" : "basic"}"`,
      );
      if (i % 2 === 0)
        rows.push(
          `2026-${month}-${day},EUR,${(80 + m * 21 + i * 9).toFixed(2)},kunde${m}-${i}@example.com,Partner,EU-${m}-${i},"Name=Plan,Value=pro"`,
        );
    }
  }
  const form = new FormData();
  form.append("file", new Blob([`${header}\n${rows.join("\n")}\n`]), "year.csv");
  const up = await fetch(`${base()}/v1/${site.siteId}/revenue/upload/batch`, {
    method: "POST",
    headers: { authorization: `Bearer ${site.token}` },
    body: form,
  });
  expect(up.status).toBe(202);
  const { jobId } = (await up.json()) as { jobId: string };
  await vi.waitUntil(
    async () => (await siteCall<{ status: string }>(site, "GET", `/v1/${site.siteId}/batch/${jobId}/status`)).body.status === "complete",
    { timeout: 60_000, interval: 250 },
  );
  // The same rows again: a job whose every row fails as already stored.
  const again = new FormData();
  again.append("file", new Blob([`${header}\n${rows.slice(0, 5).join("\n")}\n`]), "again.csv");
  expect(
    (
      await fetch(`${base()}/v1/${site.siteId}/revenue/upload/batch`, {
        method: "POST",
        headers: { authorization: `Bearer ${site.token}` },
        body: again,
      })
    ).status,
  ).toBe(202);

  const accounts = [
    "Account,Revenue,Start,End,Type,Description",
    "Acme,500,2026-01-01,2026-12-31,MRR,Platform",
    "Acme,200,2026-06-01,2026-12-31,MRR,Add-on seats",
    "Globex,300,2026-03-01,2026-08-31,MRR,Support",
    "Initech,12000,2026-05-01,2027-04-30,ARR,Licence",
    "Umbrella,800,2026-02-01,2026-04-30,MRR,Pilot",
    "Umbrella,400,2026-05-01,2026-10-31,MRR,Reduced plan",
  ].join("\n");
  const af = new FormData();
  af.append("file", new Blob([accounts]), "accounts.csv");
  const res = await fetch(`${base()}/v4.1/company/revenue_file_automate.json`, {
    method: "POST",
    headers: { authorization: `api_key ${site.token}` },
    body: af,
  });
  expect(res.status).toBe(200);
  return site;
}

async function check(page: Page, name: string): Promise<void> {
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
  await screenshot(page, name);
}

async function visit(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: link }).click();
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  await expect.poll(() => page.getByText("Loading…").count()).toBe(0);
}

beforeAll(async () => {
  browser = await launch();
  t = await seed();
});
afterAll(async () => {
  writeOutput("figures.json", `${JSON.stringify(figures, null, 2)}\n`);
  await browser?.close();
});

describe("every console page", () => {
  for (const scheme of ["light", "dark"] as const) {
    it(`has no serious or critical accessibility violations on any site page (${scheme})`, async () => {
      const { page, context, problems } = await openPage(browser, { colorScheme: scheme });
      const suffix = scheme === "dark" ? "-dark" : "";
      await page.goto(`${base()}/console/`);
      await page.getByLabel("API token").waitFor();
      await check(page, `sign-in${suffix}`);
      await signIn(page, t.token);
      await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
      await page.getByText("Revenue in EUR").waitFor();
      await page.getByText("MRR movements in USD").first().waitFor();
      await check(page, `overview${suffix}`);
      await page.getByRole("button", { name: "Show data table" }).first().click();
      await check(page, `overview-table${suffix}`);

      await visit(page, "Revenue", "Revenue explorer");
      await check(page, `explorer${suffix}`);
      await page
        .getByRole("button", { name: /^Details of/ })
        .first()
        .click();
      await page.getByRole("dialog").waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: resolve(inject("outputDir"), `explorer-drawer${suffix}.png`) });
      await page.getByRole("button", { name: "Close" }).click();

      await visit(page, "Uploads", "Uploads");
      await page.getByLabel("CSV file").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(csvWithErrors(20)) });
      await page.getByRole("button", { name: "Upload CSV" }).click();
      await page.getByRole("table", { name: "Errors in the file" }).waitFor();
      await check(page, `uploads${suffix}`);

      await visit(page, "Jobs", "Batch jobs");
      await expect.poll(() => page.getByRole("cell", { name: "failed" }).count(), { timeout: 30_000 }).toBeGreaterThan(0);
      await check(page, `jobs${suffix}`);

      await visit(page, "Web analytics", "Web analytics");
      await expect
        .poll(() =>
          page
            .getByText(/not available on this server|Visitors and pageviews/)
            .first()
            .isVisible(),
        )
        .toBe(true);
      await check(page, `analytics${suffix}`);
      expect(problems).toEqual([]);
      await context.close();
    });

    it(`has no serious or critical accessibility violations on the operator pages (${scheme})`, async () => {
      const { page, context, problems } = await openPage(browser, { colorScheme: scheme });
      const suffix = scheme === "dark" ? "-dark" : "";
      await signIn(page, inject("adminToken"));
      await page.getByRole("heading", { level: 1, name: "Sites" }).waitFor();
      await page.getByRole("link", { name: t.siteName }).waitFor();
      await check(page, `operator-sites${suffix}`);
      await page.getByRole("link", { name: t.siteName }).click();
      await page.getByRole("heading", { level: 2, name: new RegExp(t.siteName) }).waitFor();
      await page.getByRole("button", { name: "Change rate limit of console test" }).click();
      await check(page, `operator-site-tokens${suffix}`);
      await visit(page, "Dead letters", "Dead letters");
      await check(page, `operator-dead-letters${suffix}`);
      expect(problems).toEqual([]);
      await context.close();
    });
  }

  it("works at phone width: no page scrolls sideways, and the navigation stays reachable", async () => {
    const { page, context } = await openPage(browser, { width: 390, height: 844 });
    await signIn(page, t.token);
    await page.getByText("Revenue in EUR").waitFor();
    for (const [link, heading] of [
      ["Overview", "Overview"],
      ["Revenue", "Revenue explorer"],
      ["Uploads", "Uploads"],
      ["Jobs", "Batch jobs"],
    ] as const) {
      await visit(page, link, heading);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${heading} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `phone-${link.toLowerCase()}`);
    }
    await context.close();
  });

  it("is keyboard operable: sign in, move between pages and open a record with the keyboard alone", async () => {
    const { page, context } = await openPage(browser);
    await page.goto(`${base()}/console/`);
    await page.getByLabel("API token").waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("token");
    await page.keyboard.type(t.token);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    // Focus moves to the page heading after navigation; Tab reaches the navigation links.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Revenue" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Revenue explorer" }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    const details = page.getByRole("button", { name: /^Details of/ }).first();
    await details.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("dialog").waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "hidden" });
    await context.close();
  });

  it("measures the overview's navigation timing and the console's JavaScript size", async () => {
    const dist = resolve(import.meta.dirname, "../../console/dist/console/assets");
    const js = readdirSync(dist).filter((f) => f.endsWith(".js"));
    const gzipped = js.reduce((n, f) => n + gzipSync(readFileSync(resolve(dist, f)), { level: 9 }).length, 0);
    const raw = js.reduce((n, f) => n + readFileSync(resolve(dist, f)).length, 0);
    figures.javascript = { files: js.length, bytes: raw, gzipBytes: gzipped };
    expect(gzipped).toBeLessThanOrEqual(150 * 1024);

    const { page, context } = await openPage(browser);
    await signIn(page, t.token);
    await page.getByText("Revenue in EUR").waitFor();
    const runs: Array<Record<string, number>> = [];
    for (let i = 0; i < 5; i++) {
      await page.reload();
      await page.getByText("Revenue in EUR").waitFor();
      await page.waitForFunction(() => performance.getEntriesByName("console:overview-ready").length > 0);
      runs.push(
        await page.evaluate(() => {
          const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
          const ready = performance.getEntriesByName("console:overview-ready")[0]!;
          return {
            responseEnd: Math.round(nav.responseEnd),
            domInteractive: Math.round(nav.domInteractive),
            domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
            load: Math.round(nav.loadEventEnd),
            overviewReady: Math.round(ready.startTime),
          };
        }),
      );
    }
    const median = (k: string) => runs.map((r) => r[k]!).sort((a, b) => a - b)[2]!;
    figures.overviewNavigationMs = {
      runs: runs.length,
      medians: Object.fromEntries(Object.keys(runs[0]!).map((k) => [k, median(k)])),
      all: runs,
    };
    console.log(
      `console: ${js.length} JS file(s), ${raw} bytes, ${gzipped} gzipped; overview median ${JSON.stringify((figures.overviewNavigationMs as { medians: unknown }).medians)}`,
    );
    await context.close();
  });
});
