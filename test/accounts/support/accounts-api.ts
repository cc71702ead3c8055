// Calls of the account-file surface and the OAuth2 token endpoint, through the Worker.
import { expect } from "vitest";
import { admin, call } from "../../support/http";

export type Format = "json" | "xml";

/** Multipart upload of `content` as the part `file` named `filename`. */
export function upload(authorization: string, content: string | Uint8Array, filename: string, format: Format = "json"): Promise<Response> {
  const form = new FormData();
  form.append("file", new Blob([content]), filename);
  return call(`/v4.1/company/revenue_file_automate.${format}`, { method: "POST", headers: { authorization }, body: form });
}

export type MonthRow = { month: string; amount: string; amount_minor: number };
export type AccountRevenue = {
  account: string;
  currency: string;
  from: string | null;
  to: string | null;
  total: string;
  total_minor: number;
  months: MonthRow[];
};

export function getRevenue(authorization: string, account: string, query = "", suffix = ""): Promise<Response> {
  return call(`/v4.1/company/${encodeURIComponent(account)}/revenue${suffix}${query}`, { headers: { authorization } });
}

/** The account's revenue (fails the test on anything but 200). */
export async function accountRevenue(authorization: string, account: string, query = ""): Promise<AccountRevenue> {
  const res = await getRevenue(authorization, account, query);
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { Data: AccountRevenue }).Data;
}

export async function createOAuthClient(siteId: string, name = "test client"): Promise<{ client_id: string; client_secret: string }> {
  const res = await admin("POST", `/admin/sites/${siteId}/oauth-clients`, { name });
  expect(res.status).toBe(201);
  return (await res.json()) as { client_id: string; client_secret: string };
}

export function requestToken(form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return call("/oauth2/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

export async function accessToken(client: { client_id: string; client_secret: string }): Promise<string> {
  const res = await requestToken({ grant_type: "client_credentials", client_id: client.client_id, client_secret: client.client_secret });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** One CSV line per record. */
export const csvOf = (...lines: string[]) => `${lines.join("\n")}\n`;
