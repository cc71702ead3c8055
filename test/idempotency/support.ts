// Requests with an Idempotency-Key, on every surface that takes one.
import { env } from "cloudflare:workers";
import { call } from "../support/http";

export const newKey = () => crypto.randomUUID();

/** A multipart/form-data body with the file in the part `file`, under a boundary of our choosing. */
export function multipartBody(content: string, boundary = `b${crypto.randomUUID().replaceAll("-", "")}`, filename = "revenue.csv") {
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/csv\r\n\r\n` +
    `${content}\r\n--${boundary}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export function uploadBatch(siteId: string, token: string, csvText: string, key?: string, boundary?: string): Promise<Response> {
  const { body, contentType } = multipartBody(csvText, boundary);
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, "content-type": contentType };
  if (key !== undefined) headers["idempotency-key"] = key;
  return call(`/v1/${siteId}/revenue/upload/batch`, { method: "POST", headers, body });
}

export function postJson(path: string, body: unknown, headers: Record<string, string>, key?: string, method = "POST"): Promise<Response> {
  return call(path, {
    method,
    headers: { "content-type": "application/json", ...headers, ...(key === undefined ? {} : { "idempotency-key": key }) },
    body: JSON.stringify(body),
  });
}

export async function countRows(sql: string, ...params: unknown[]): Promise<number> {
  return (
    (
      await env.DB.prepare(sql)
        .bind(...params)
        .first<{ n: number }>()
    )?.n ?? 0
  );
}

export const jobsOf = (siteId: string) => countRows("SELECT count(*) AS n FROM batch_jobs WHERE site_id = ?1", siteId);
