import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createJob } from "../../src/surfaces/batch/job-store";
import { createTenant } from "../support/fixtures";
import { call } from "../support/http";
import { validCsv } from "./revenue-csv-fixtures";
import { acceptedJob, finishedJob, get, storedFor, uploadCsv } from "./support/batch-api";

const routes = (siteId: string, jobId: string) => [
  { method: "GET", path: `/v1/${siteId}/batch/${jobId}/status` },
  { method: "GET", path: `/v1/${siteId}/batch/${jobId}/failures` },
  { method: "GET", path: `/v1/${siteId}/batch/jobs` },
  { method: "GET", path: `/v1/${siteId}/revenue/template` },
  { method: "PUT", path: `/v1/${siteId}/revenue/upload` },
];

describe("batch surface: security", () => {
  it("another site's token → 403 on every route, and its upload stores nothing", async () => {
    const a = await createTenant();
    const b = await createTenant();
    const jobId = await acceptedJob(a.site.id, a.secret, validCsv(2));
    const upload = await uploadCsv(a.site.id, b.secret, validCsv(2, 10));
    expect(upload.status).toBe(403);
    expect(await upload.json()).toEqual({ message: "This token does not belong to this site" });
    for (const r of routes(a.site.id, jobId)) {
      const res = await call(r.path, {
        method: r.method,
        headers: { authorization: `Bearer ${b.secret}`, "content-type": "application/json" },
        body: r.method === "PUT" ? "{}" : undefined,
      });
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
    }
    await finishedJob(a.site.id, a.secret, jobId);
    expect(await storedFor(b.site.id)).toEqual({ jobs: 0, ledgerRows: 0, objects: 0 });
  });

  it("no token or a malformed one → 401; a public token → 403; an unknown site → 404", async () => {
    const t = await createTenant();
    expect((await call(`/v1/${t.site.id}/batch/jobs`)).status).toBe(401);
    const bad = await get(`/v1/${t.site.id}/batch/jobs`, "not-a-token");
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ message: "Invalid API token" });
    expect((await uploadCsv(t.site.id, t.public, validCsv(1))).status).toBe(403);
    expect((await get(`/v1/site_doesnotexist/batch/jobs`, t.secret)).status).toBe(404);
  });

  it("failures before the job has finished → 409", async () => {
    const t = await createTenant();
    const jobId = `job_${crypto.randomUUID().replaceAll("-", "")}`;
    // A job that is still pending (nothing queued for it here).
    await createJob(env.DB, {
      id: jobId,
      siteId: t.site.id,
      objectKey: "batch/none.csv",
      fileBytes: 1,
      header: ["Value"],
      totalRows: 10,
      chunks: [],
    });
    const res = await get(`/v1/${t.site.id}/batch/${jobId}/failures?format=json`, t.secret);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ message: `Job ${jobId} is pending: its failures are available once it has finished` });
  });

  it("unknown batch routes → 404 and a wrong method → 405, in the surface's {message} shape", async () => {
    const t = await createTenant();
    const missing = await get(`/v1/${t.site.id}/batch/x/y/z`, t.secret);
    expect(missing.status).toBe(404);
    expect(Object.keys((await missing.json()) as object)).toEqual(["message"]);
    const wrong = await call(`/v1/${t.site.id}/revenue/template`, { method: "DELETE", headers: { authorization: `Bearer ${t.secret}` } });
    expect(wrong.status).toBe(405);
  });
});
