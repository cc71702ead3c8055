import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { adminClient, type Tenant, tenant, workerUrl } from "../../sdk/test/support/tenant";
import { ndjson, runCli } from "./support/run-cli";

let t: Tenant;
let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  t = await tenant();
  dir = await mkdtemp(join(tmpdir(), "revenue-edge-cli-"));
  env = { REVENUE_EDGE_URL: workerUrl(), REVENUE_EDGE_TOKEN: t.secret, REVENUE_EDGE_SITE: t.siteId };
});

const COMMANDS = [
  [],
  ["batch"],
  ["batch", "upload"],
  ["batch", "status"],
  ["batch", "jobs"],
  ["batch", "failures"],
  ["batch", "template"],
  ["history"],
  ["history", "import"],
  ["accounts"],
  ["accounts", "upload"],
  ["accounts", "revenue"],
  ["track"],
  ["revenue"],
  ["revenue", "list"],
  ["revenue", "summary"],
  ["mrr"],
  ["sites"],
  ["sites", "create"],
  ["sites", "list"],
  ["tokens"],
  ["tokens", "create"],
  ["tokens", "list"],
  ["tokens", "revoke"],
];

describe("revenue-edge", () => {
  it("answers --help on every command with its usage, exit 0", async () => {
    for (const path of COMMANDS) {
      const run = await runCli([...path, "--help"]);
      expect(run.code, path.join(" ")).toBe(0);
      expect(run.stdout).toContain(`Usage: revenue-edge${path.length ? ` ${path.join(" ")}` : ""} `);
    }
  });

  it("exits 2 on a usage error and 4 when the Worker cannot be reached, with one error line", async () => {
    const unknown = await runCli(["batch", "upload", "x.csv", "--bogus"], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown option '--bogus'");
    const missing = await runCli(["batch", "upload", join(dir, "missing.csv")], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: cannot read .*missing\.csv/);
    const down = await runCli(["batch", "jobs", "--max-retries", "0"], { env: { ...env, REVENUE_EDGE_URL: "http://127.0.0.1:8819" } });
    expect(down.code).toBe(4);
    expect(down.stderr.trim().split("\n")).toHaveLength(1);
    expect(down.stderr).toMatch(/^error: Could not reach http:\/\/127\.0\.0\.1:8819 .*\(request id sdk-\S+\)$/m);
    const denied = await runCli(["--json", "batch", "jobs"], {
      env: { ...env, REVENUE_EDGE_TOKEN: "sec_00000000000000000000000000000000" },
    });
    expect(denied.code).toBe(1);
    expect(ndjson(denied.stdout)).toEqual([
      expect.objectContaining({ type: "error", error: "AuthError", status: 401, requestId: expect.any(String) }),
    ]);
  });

  it("imports history from NDJSON with totals and errors (exit 3 when some fail)", async () => {
    const trkEnv = { ...env, REVENUE_EDGE_TOKEN: t.trk };
    await writeFile(join(dir, "contacts.json"), JSON.stringify({ contacts: [{ phone_number: "+12125551234" }] }));
    await writeFile(join(dir, "offers.json"), JSON.stringify([{ offer_id: "o1" }]));
    await writeFile(join(dir, "sends.ndjson"), `${JSON.stringify({ message_id: "m1", phone_number: "+12125551234", offer_id: "o1" })}\n`);
    for (const [kind, file] of [
      ["contacts", "contacts.json"],
      ["offers", "offers.json"],
      ["sends", "sends.ndjson"],
    ] as const) {
      const run = await runCli(["history", "import", join(dir, file), "--kind", kind], { env: trkEnv });
      expect(run.code, `${kind}: ${run.stdout}${run.stderr}`).toBe(0);
    }
    const records = Array.from({ length: 1_500 }, (_, i) => ({
      message_id: "m1",
      offer_id: "o1",
      revenue: 2.5,
      timestamp: new Date(Date.UTC(2025, 5, 1) + i * 1000).toISOString(),
    }));
    records[1_234]!.revenue = -1;
    await writeFile(join(dir, "records.ndjson"), records.map((r) => JSON.stringify(r)).join("\n"));
    const run = await runCli(["history", "import", join(dir, "records.ndjson")], { env: trkEnv });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^1500 revenue: 1499 saved, 1 failed, total revenue 3747.5 \(2 requests\)$/m);
    expect(run.stdout).toMatch(/│ 1234\s+│ invalid_revenue\s+│/);
  });

  it("uploads an account file with OAuth2 client credentials, and shows record errors (exit 1)", async () => {
    const oauth = await adminClient().admin.createOAuthClient(t.siteId);
    const oauthEnv = {
      REVENUE_EDGE_URL: workerUrl(),
      REVENUE_EDGE_CLIENT_ID: oauth.client_id,
      REVENUE_EDGE_CLIENT_SECRET: oauth.client_secret,
    };
    await writeFile(join(dir, "accounts.csv"), "Account,Revenue,Start,End,Type\nAcme,12000,2016-01-01,2016-12-31,ARR\n");
    const ok = await runCli(["accounts", "upload", join(dir, "accounts.csv")], { env: oauthEnv });
    expect(ok.code, ok.stderr).toBe(0);
    // The file id it prints lists the file's ledger rows: one per schedule month.
    const fileId = /\(file id (\S+)\)/.exec(ok.stdout)?.[1];
    expect(fileId, ok.stdout).toBeTruthy();
    const rows = await runCli(["--json", "revenue", "list", "--job-id", fileId!], { env });
    expect(rows.code, rows.stderr + rows.stdout).toBe(0);
    expect(ndjson(rows.stdout).filter((r) => r.type === "record")).toHaveLength(12);
    const schedule = await runCli(["--json", "accounts", "revenue", "acme", "--from", "2016-01", "--to", "2016-12"], { env: oauthEnv });
    expect(ndjson(schedule.stdout)[0]).toMatchObject({ type: "schedule", account: "Acme", total: "12000.00" });

    await writeFile(join(dir, "bad-accounts.csv"), "Acme;1,234.12;2016-01-01;2016-12-31;ARR\n");
    const bad = await runCli(
      ["accounts", "upload", join(dir, "bad-accounts.csv"), "--client-id", oauth.client_id, "--client-secret", oauth.client_secret],
      { env: { REVENUE_EDGE_URL: workerUrl() } },
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/│ 1\s+│ amount\s+│ The revenue amount 1,234.12 is not a whole/);
  });

  it("tracks an event from --data and from stdin, then lists, sums and exports the ledger", async () => {
    const data = (id: string) =>
      JSON.stringify({
        visitor_fingerprint: "fp",
        session_id: "s",
        customer_id: "cus_cli",
        amount: 19.99,
        currency: "USD",
        transaction_id: id,
        event_type: "subscription",
      });
    const first = await runCli(["track", "revenue", "--data", data("ch_cli_1")], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("accepted: revenue event queued");
    const second = await runCli(["--json", "track", "revenue"], { env, input: data("ch_cli_2") });
    expect(ndjson(second.stdout)).toEqual([{ type: "accepted", eventType: "revenue" }]);

    let listed: ReturnType<typeof ndjson> = [];
    for (let i = 0; i < 60 && listed.length < 2; i++) {
      listed = ndjson((await runCli(["--json", "revenue", "list", "--source", "event", "--customer", "cus_cli"], { env })).stdout);
      if (listed.length < 2) await new Promise((r) => setTimeout(r, 500));
    }
    expect(listed.map((r) => [r.type, r.external_id, r.amount])).toEqual([
      ["record", "ch_cli_2", "19.99"],
      ["record", "ch_cli_1", "19.99"],
    ]);
    const table = await runCli(["revenue", "list", "--source", "event", "--max", "1"], { env });
    expect(table.stdout).toMatch(/│ occurred_at\s+│ source\s+│ external_id/);
    expect(table.stderr).toContain("1 record");
    const csv = await runCli(["revenue", "list", "--source", "event", "--format", "csv"], { env });
    expect(csv.stdout.trim().split(/\r?\n/)).toHaveLength(3);
    const summary = await runCli(["--json", "revenue", "summary", "--group-by", "source"], { env });
    expect(ndjson(summary.stdout)).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: "bucket", group: "event", amount: "39.98", count: 2 })]),
    );
    const mrr = await runCli(["mrr"], { env });
    expect(mrr.code).toBe(0);
    expect(mrr.stdout).toMatch(/│ month\s+│ currency\s+│ new/);
  });

  it("creates a site and tokens, lists and revokes a token (admin)", async () => {
    const adminEnv = { REVENUE_EDGE_URL: workerUrl(), REVENUE_EDGE_ADMIN_TOKEN: inject("adminToken") };
    const site = ndjson(
      (await runCli(["--json", "sites", "create", "CLI shop", "--currency", "EUR", "--rate-limit", "100/10"], { env: adminEnv })).stdout,
    )[0]!;
    expect(site).toMatchObject({ type: "site", name: "CLI shop", default_currency: "EUR", rate_limit: { limit: 100, window_seconds: 10 } });
    const created = await runCli(["tokens", "create", String(site.id), "--kind", "secret", "--name", "ci"], { env: adminEnv });
    expect(created.code).toBe(0);
    const token = /^(sec_[A-Za-z0-9]{32})$/m.exec(created.stdout)?.[1];
    expect(token).toBeDefined();
    const list = ndjson((await runCli(["--json", "tokens", "list", String(site.id)], { env: adminEnv })).stdout);
    expect(list).toEqual([expect.objectContaining({ type: "token", name: "ci", hint: token!.slice(-4) })]);
    const revoked = await runCli(["tokens", "revoke", String(list[0]!.id)], { env: adminEnv });
    expect(revoked.code).toBe(0);
    const missingKind = await runCli(["tokens", "create", String(site.id)], { env: adminEnv });
    expect(missingKind.code).toBe(2);
    const sites = ndjson((await runCli(["--json", "sites", "list"], { env: adminEnv })).stdout);
    expect(sites.map((s) => s.id)).toContain(site.id);
  });

  it("prints a job's status, the jobs, its failures and the template", async () => {
    const template = await runCli(["batch", "template"], { env });
    expect(template.stdout).toMatch(/^RevenueClosedDate,/);
    await writeFile(join(dir, "template.csv"), template.stdout);
    const upload = ndjson((await runCli(["--json", "batch", "upload", join(dir, "template.csv")], { env })).stdout);
    const jobId = String(upload[0]!.jobId);
    const status = ndjson((await runCli(["--json", "batch", "status", jobId], { env })).stdout);
    expect(status).toEqual([expect.objectContaining({ type: "status", jobId, status: "complete" })]);
    const jobs = await runCli(["batch", "jobs"], { env });
    expect(jobs.stdout).toContain(jobId);
    const failuresCsv = await runCli(["batch", "failures", jobId], { env });
    expect(failuresCsv.stdout).toMatch(/^RowNumber,/);
    const failuresJson = await runCli(["batch", "failures", jobId, "--format", "json"], { env });
    expect(JSON.parse(failuresJson.stdout)).toEqual([]);
  });
});
