// Helpers of the browser tests: Debian's Chromium through playwright-core (no browser
// download), the Worker's admin API from Node to set up sites and tokens, axe-core scans and
// screenshots under test-output/console/.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect, inject, onTestFailed } from "vitest";

export const base = () => inject("consoleBase");
export const outputDir = () => inject("outputDir");

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
}

export type ConsolePage = { page: Page; context: BrowserContext; problems: string[] };

/** A fresh context (own sessionStorage) and page; console errors and CSP violations are collected. */
export async function openPage(
  browser: Browser,
  options: { width?: number; height?: number; colorScheme?: "light" | "dark" } = {},
): Promise<ConsolePage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? "light",
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("console", (msg) => {
    // A failed request is logged by the browser itself; the console shows it as a sentence.
    if (msg.type() === "error" && !/Failed to load resource/.test(msg.text())) problems.push(`console error: ${msg.text()}`);
  });
  // A failing test leaves a picture of what the page showed, and what the page complained of.
  onTestFailed(async ({ task }) => {
    const name = `failed-${task.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 60)}`;
    await screenshot(page, name).catch(() => undefined);
    writeOutput(`${name}.txt`, `${page.url()}\n${problems.join("\n")}\n`);
  });
  return { page, context, problems };
}

export async function signIn(page: Page, token: string): Promise<void> {
  await page.goto(`${base()}/console/`);
  await page.getByLabel("API token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
}

// --- the API, from Node -------------------------------------------------------------------

export async function adminCall<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base()}${path}`, {
    method,
    headers: { authorization: `Bearer ${inject("adminToken")}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? null : await res.json()) as T;
}

export type Tenant = { siteId: string; siteName: string; token: string; tokenId: string };

/** A fresh site with a secret token (a generous limit unless one is given). */
export async function tenant(options: { currency?: string; rateLimit?: { limit: number; window_seconds: number } } = {}): Promise<Tenant> {
  const siteName = `Console test ${Math.random().toString(36).slice(2, 8)}`;
  const site = await adminCall<{ id: string }>("POST", "/admin/sites", { name: siteName, default_currency: options.currency ?? "USD" });
  const token = await adminCall<{ id: string; token: string }>("POST", `/admin/sites/${site.id}/tokens`, {
    kind: "secret",
    name: "console test",
    rate_limit: options.rateLimit ?? { limit: 100_000, window_seconds: 60 },
  });
  return { siteId: site.id, siteName, token: token.token, tokenId: token.id };
}

export async function siteCall<T>(
  t: Tenant,
  method: string,
  path: string,
  init: { json?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base()}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${t.token}`,
      ...(init.json === undefined ? {} : { "content-type": "application/json" }),
      ...init.headers,
    },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as T };
}

/** Sends revenue events through /api/ingest and waits until the ledger has them all. */
export async function ingestRevenue(t: Tenant, events: Array<Record<string, unknown>>): Promise<void> {
  for (const data of events) {
    const res = await fetch(`${base()}/api/ingest`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-token": t.token },
      body: JSON.stringify({
        type: "revenue",
        data: { visitor_fingerprint: "fp_console", session_id: "sess_console", customer_id: "cus_console", ...data },
      }),
    });
    expect(res.status).toBe(202);
  }
  await expect
    .poll(async () => (await siteCall<{ data: unknown[] }>(t, "GET", `/v1/${t.siteId}/revenue?limit=1000`)).body.data.length, {
      timeout: 30_000,
      interval: 250,
    })
    .toBeGreaterThanOrEqual(events.length);
}

// --- checks and pictures --------------------------------------------------------------------

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

type AxeViolation = { id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> };

/**
 * axe-core in the page (evaluated through the DevTools protocol, so the console's strict CSP
 * stays on): returns the serious and critical violations of WCAG 2.x A/AA and best practices.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe
      .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } })
      .then((r) => r.violations),
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(", ")}`,
    );
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(outputDir(), { recursive: true });
  const path = join(outputDir(), `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export function writeOutput(name: string, content: string): void {
  mkdirSync(outputDir(), { recursive: true });
  writeFileSync(join(outputDir(), name), content);
}

// --- files ------------------------------------------------------------------------------------

const CSV_HEADER = "RevenueClosedDate,CurrencyCode,Value,EmailAddress,Label,Reference,AdditionalDataProperties";

/** A valid batch CSV of `n` rows, references unique to `tag`. */
export function validCsv(tag: string, n: number, options: { currency?: string; date?: string } = {}): string {
  const rows = Array.from(
    { length: n },
    (_, i) =>
      `${options.date ?? "2026-03-01"},${options.currency ?? "USD"},${10 + i}.25,buyer${i}@example.com,Deal,${tag}-${i},"Name=Campaign,Value=${tag}"`,
  );
  return `${CSV_HEADER}\n${rows.join("\n")}\n`;
}

/** A CSV whose every row has two problems: an impossible date and an unknown currency. */
export function csvWithErrors(n: number): string {
  const rows = Array.from({ length: n }, (_, i) => `2024-02-30,EURO,${i}.00,buyer${i}@example.com,Deal,BAD-${i},`);
  return `${CSV_HEADER}\n${rows.join("\n")}\n`;
}
