import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvWithErrors, launch, openPage, screenshot, signIn, tenant, validCsv } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const file = (name: string, content: string, mimeType = "text/csv") => ({ name, mimeType, buffer: Buffer.from(content) });

async function totalFor(page: Page, currency: string): Promise<string> {
  const card = page.getByRole("listitem").filter({ hasText: `Revenue in ${currency}` });
  await card.waitFor();
  return (await card.locator("strong").textContent()) ?? "";
}

describe("console uploads", () => {
  it("shows every row error of a refused CSV in a paged table with Row, Line, Column and Message", async () => {
    const t = await tenant();
    const { page, context, problems } = await openPage(browser);
    await signIn(page, t.token);
    await page.getByRole("link", { name: "Uploads" }).click();
    await page.getByLabel("CSV file").setInputFiles(file("bad.csv", csvWithErrors(30)));
    await page.getByRole("button", { name: "Upload CSV" }).click();

    const table = page.getByRole("table", { name: "Errors in the file" });
    await table.waitFor();
    expect(await table.getByRole("columnheader").allTextContents()).toEqual(["Row", "Line", "Column", "Message"]);
    await expect.poll(() => page.getByRole("alert").first().textContent()).toMatch(/60 errors found, nothing was stored/);
    const firstRow = await table.getByRole("row").nth(1).getByRole("cell").allTextContents();
    expect(firstRow.slice(0, 3)).toEqual(["1", "2", "RevenueClosedDate"]);
    expect(firstRow[3]).toMatch(/2024-02-30/);

    // 60 errors, 25 a page: every one of them is reachable.
    const seen: string[] = [];
    for (let p = 0; p < 3; p++) {
      const rows = table.getByRole("row");
      const n = await rows.count();
      for (let i = 1; i < n; i++) seen.push((await rows.nth(i).getByRole("cell").allTextContents()).slice(0, 3).join("|"));
      if (p < 2) await page.getByRole("button", { name: "Next page" }).click();
    }
    expect(new Set(seen).size).toBe(60);
    expect(await page.getByText("Rows 51–60 of 60").isVisible()).toBe(true);
    await screenshot(page, "uploads-row-errors");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("follows a valid CSV upload to 100% and complete, then the rows are in the explorer and the overview totals grow", async () => {
    const t = await tenant({ currency: "GBP" });
    const { page, context, problems } = await openPage(browser);
    await signIn(page, t.token);
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    await page.getByText("No revenue in this range.").waitFor();

    await page.getByRole("link", { name: "Uploads" }).click();
    // A file dropped on the box works like one chosen with the input.
    const drop = await page.evaluateHandle(
      (text) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], "good.csv", { type: "text/csv" }));
        return dt;
      },
      validCsv("GOOD", 40, { currency: "GBP" }),
    );
    await page.locator(".dropzone").first().dispatchEvent("drop", { dataTransfer: drop });
    await page.getByText("Selected: good.csv").waitFor();
    await page.getByRole("button", { name: "Upload CSV" }).click();

    const bar = page.getByRole("progressbar", { name: "Job progress" });
    await bar.waitFor();
    await expect.poll(() => bar.getAttribute("aria-valuenow"), { timeout: 60_000 }).toBe("100");
    await expect.poll(() => page.locator(".status").textContent(), { timeout: 30_000 }).toBe("complete");
    expect(await page.getByText("40 of 40 rows processed, 40 stored, 0 failed.").isVisible()).toBe(true);
    const report = page.getByRole("link", { name: /Download the failures report/ });
    await report.waitFor();
    const download = await Promise.all([page.waitForEvent("download"), report.click()]).then(([d]) => d);
    expect(download.suggestedFilename()).toMatch(/^job_.+-failures\.csv$/);
    await screenshot(page, "uploads-complete");

    await page.getByRole("link", { name: "Revenue" }).click();
    const records = page.getByRole("table", { name: "Ledger records, newest first" });
    await records.getByRole("cell", { name: "GOOD-0", exact: true }).waitFor();
    await page.getByLabel("Metadata value").fill("GOOD");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect.poll(() => page.getByText(/^Page 1: 40 records\.$/).isVisible()).toBe(true);
    await page.getByRole("button", { name: "Details of GOOD-39" }).click();
    const drawer = page.getByRole("dialog", { name: "Record GOOD-39" });
    await drawer.waitFor();
    expect(await drawer.textContent()).toContain("buyer39@example.com");
    await screenshot(page, "explorer-search-drawer");
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "hidden" });

    await page.getByRole("link", { name: "Overview" }).click();
    // 40 rows of 10.25 … 49.25 = 1,190.00
    await expect.poll(() => totalFor(page, "GBP")).toMatch(/GBP\s*1,190\.00/);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("shows the monthly schedules an account file produced for each account, and its errors when refused", async () => {
    const t = await tenant({ currency: "EUR" });
    const { page, context, problems } = await openPage(browser);
    await signIn(page, t.token);
    await page.getByRole("link", { name: "Uploads" }).click();
    const input = page.getByLabel("Account file (CSV, XLSX or XML)");

    await input.setInputFiles(
      file("bad.csv", "Account,Revenue,Start,End,Type\nAcme,1,234.12,2016-01-01,2016-12-31,ARR\nGlobex,100,2016-05-01,2016-01-01,MRR\n"),
    );
    await page.getByRole("button", { name: "Upload account file" }).click();
    const errors = page.getByRole("table", { name: "Errors in the account file" });
    await errors.waitFor();
    expect(await errors.getByRole("columnheader").allTextContents()).toEqual(["Record", "Field", "Message"]);
    expect(await errors.getByRole("row").count()).toBeGreaterThan(2);

    const xml =
      "<rows><row><a>Acme</a><b>12000</b><c>2016-01-01</c><d>2016-12-31</d><e>ARR</e></row><row><a>Globex</a><b>300</b><c>2016-01-01</c><d>2016-03-31</d><e>Other</e></row></rows>";
    await input.setInputFiles(file("accounts.xml", xml, "application/xml"));
    await page.getByRole("button", { name: "Upload account file" }).click();
    const acme = page.getByRole("table", { name: /^Schedule of Acme/ });
    await acme.waitFor();
    expect(await acme.getByRole("row").count()).toBe(13);
    expect(await acme.getByRole("caption").textContent()).toMatch(/EUR\s*12,000\.00 in all/);
    const globex = page.getByRole("table", { name: /^Schedule of Globex/ });
    expect((await globex.getByRole("row").nth(1).getByRole("cell").allTextContents()).join(" ")).toMatch(/Other EUR\s*100\.00/);
    await screenshot(page, "uploads-account-schedules");
    expect(problems).toEqual([]);
    await context.close();
  });
});
