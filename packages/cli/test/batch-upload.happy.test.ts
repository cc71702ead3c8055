import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Tenant, tenant, workerUrl } from "../../sdk/test/support/tenant";
import { references, revenueCsv } from "../../testing/revenue-csv";
import { ndjson, runCli } from "./support/run-cli";

let t: Tenant;
let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  t = await tenant();
  dir = await mkdtemp(join(tmpdir(), "revenue-edge-cli-"));
  env = { REVENUE_EDGE_URL: workerUrl(), REVENUE_EDGE_TOKEN: t.secret, REVENUE_EDGE_SITE: t.siteId };
});

async function csvFile(name: string, refs: string[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, revenueCsv(refs));
  return path;
}

describe("revenue-edge batch upload", () => {
  it("prints the row errors of a refused file as a table and exits 1", async () => {
    const path = join(dir, "bad.csv");
    await writeFile(
      path,
      "RevenueClosedDate,CurrencyCode,Value,EmailAddress,Label,Reference\n2024-02-30,USD,10,a@x.io,Deal,R1\n2024-01-01,EURO,1.005,,Deal,R2\n",
    );
    const run = await runCli(["batch", "upload", path], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/│ row\s+│ line\s+│ column\s+│ message/);
    expect(run.stdout).toMatch(/│ 1\s+│ 2\s+│ RevenueClosedDate\s+│ RevenueClosedDate "2024-02-30" is not a real calendar date/);
    expect(run.stdout).toMatch(/│ 2\s+│ 3\s+│ CurrencyCode\s+│ CurrencyCode "EURO" is not an active ISO 4217/);
    expect(run.stdout).toMatch(/3 errors in total; nothing was stored \(request id \S+\)/);
  });

  it("follows a valid file to complete with progress lines and counts, and exits 0", async () => {
    const path = await csvFile("valid.csv", references("CLI", 2_500));
    const run = await runCli(["batch", "upload", path, "--interval", "100"], { env });
    expect(run.code).toBe(0);
    const progress = [...run.stdout.matchAll(/^progress (\d+)% \((\d+)\/2500 rows, (\w+)\)$/gm)].map((m) => Number(m[1]));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);
    expect(run.stdout).toMatch(/^complete: 2500 of 2500 rows stored, 0 failed \(job job_\S+\)$/m);
    expect(existsSync(`${path}.failures.csv`)).toBe(false);
  });

  it("exits 3 for a partialcomplete job and writes exactly the duplicated rows to <file>.failures.csv", async () => {
    await runCli(["batch", "upload", await csvFile("first.csv", references("DUP", 4))], { env });
    const path = await csvFile("second.csv", ["DUP-1", "NEW-1", "DUP-3", "NEW-2"]);
    const run = await runCli(["batch", "upload", path, "--interval", "100"], { env });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^partialcomplete: 2 of 4 rows stored, 2 failed/m);
    expect(run.stdout).toContain(`failed rows written to ${path}.failures.csv`);
    const lines = (await readFile(`${path}.failures.csv`, "utf8")).trim().split(/\r?\n/);
    expect(lines[0]).toBe("RowNumber,RevenueClosedDate,CurrencyCode,Value,EmailAddress,Label,Reference,ErrorMessage");
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 7).join(","))).toEqual([
      "1,2024-01-02T10:00:00,USD,10.00,buyer1@example.com,Deal,DUP-1",
      "3,2024-01-04T10:00:00,USD,10.00,buyer3@example.com,Deal,DUP-3",
    ]);
  });

  it("exits 1 when every row duplicates an earlier upload (the job is failed)", async () => {
    const path = await csvFile("again.csv", references("DUP", 2));
    const run = await runCli(["batch", "upload", path, "--interval", "100"], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^failed: 0 of 2 rows stored, 2 failed/m);
    expect((await readFile(`${path}.failures.csv`, "utf8")).trim().split(/\r?\n/)).toHaveLength(3);
  });

  it("writes one JSON object per line with --json: accepted, progress up to 100, result", async () => {
    const path = await csvFile("json.csv", references("JSON", 1_200));
    const run = await runCli(["--json", "batch", "upload", path, "--interval", "100"], { env });
    expect(run.code).toBe(0);
    const lines = ndjson(run.stdout);
    expect(lines[0]).toMatchObject({ type: "accepted", jobId: expect.stringMatching(/^job_/) });
    const progress = lines.filter((l) => l.type === "progress");
    expect(progress.at(-1)).toMatchObject({ percentageProgress: 100, processedRows: 1_200, totalRows: 1_200 });
    expect(lines.at(-1)).toMatchObject({ type: "result", status: "complete", successCount: 1_200, failureCount: 0 });
  });
});
