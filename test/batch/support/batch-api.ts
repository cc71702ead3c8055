// HTTP helpers for the batch surface tests: real requests through the Worker's fetch handler.
import { env } from "cloudflare:workers";
import { expect, vi } from "vitest";
import { call } from "../../support/http";

export type JobStatus = {
  jobId: string;
  jobType: string;
  status: "pending" | "processing" | "complete" | "partialcomplete" | "failed";
  totalRows: number;
  processedRows: number;
  percentageProgress: number;
  successCount: number;
  failureCount: number;
  createdDateTime: string;
  completedDateTime: string | null;
  failureReason: string | null;
};

export type RowErrorBody = {
  message: string;
  errorCount: number;
  errors: Array<{ rowNumber: number | null; line: number | null; column: string | null; message: string }>;
};

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

export function uploadCsv(
  siteId: string,
  token: string,
  content: string | Uint8Array,
  options: { field?: string } = {},
): Promise<Response> {
  const form = new FormData();
  form.append(options.field ?? "file", new File([content], "revenue.csv", { type: "text/csv" }));
  return call(`/v1/${siteId}/revenue/upload/batch`, { method: "POST", headers: auth(token), body: form });
}

export function get(path: string, token: string): Promise<Response> {
  return call(path, { headers: auth(token) });
}

/** Uploads a file that must be accepted; returns its job id. */
export async function acceptedJob(siteId: string, token: string, content: string): Promise<string> {
  const res = await uploadCsv(siteId, token, content);
  const body = (await res.json()) as { jobId?: string };
  expect(res.status, JSON.stringify(body).slice(0, 500)).toBe(202);
  return body.jobId!;
}

export async function jobStatus(siteId: string, token: string, jobId: string): Promise<JobStatus> {
  const res = await get(`/v1/${siteId}/batch/${jobId}/status`, token);
  expect(res.status).toBe(200);
  return (await res.json()) as JobStatus;
}

const TERMINAL = new Set(["complete", "partialcomplete", "failed"]);

/** Polls the status until the job has finished (the real queue delivers the chunks). */
export async function finishedJob(siteId: string, token: string, jobId: string, timeout = 30_000): Promise<JobStatus> {
  return vi.waitUntil(
    async () => {
      const s = await jobStatus(siteId, token, jobId);
      return TERMINAL.has(s.status) ? s : false;
    },
    { timeout, interval: 50 },
  );
}

/** What the site holds after a refused upload: must be nothing. */
export async function storedFor(siteId: string) {
  const [jobs, ledger, objects] = await Promise.all([
    env.DB.prepare("SELECT count(*) AS n FROM batch_jobs WHERE site_id = ?").bind(siteId).first<{ n: number }>(),
    env.DB.prepare("SELECT count(*) AS n FROM ledger WHERE site_id = ?").bind(siteId).first<{ n: number }>(),
    env.UPLOADS.list({ prefix: `batch/${siteId}/` }),
  ]);
  return { jobs: jobs?.n ?? 0, ledgerRows: ledger?.n ?? 0, objects: objects.objects.length };
}

/** PUT …/revenue/upload with `body` (JSON-encoded unless already a string). */
export function putRecord(siteId: string, token: string, body: unknown): Promise<Response> {
  return call(`/v1/${siteId}/revenue/upload`, {
    method: "PUT",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A valid single record. */
export const record = {
  CurrencyCode: "GBP",
  Value: "1499.99",
  RevenueClosedDate: "2024-01-31T14:30:00",
  LeadDate: "2024-01-02",
  VisitorIdentifierOptions: [
    { Key: "EmailAddress", Value: "jane@example.com" },
    { Key: "CookieValue", Value: "ck-1" },
  ],
  Labels: ["Deal", "Inbound"],
  Reference: "INV-1",
  AdditionalDataProperties: [{ Name: "Source", Value: "Google" }],
};
