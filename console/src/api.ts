// Every call the console makes to the revenue-edge API goes through this one typed module
// (the SDK of packages/sdk can replace its body without touching the pages). Types mirror
// the OpenAPI document of the Worker (/openapi.json).

export type Me = {
  site: { id: string; name: string; default_currency: string };
  token: { id: string; kind: "secret" | "public"; type: "api_token" | "oauth_access_token"; rate_limit: RateLimit };
};
export type RateLimit = { limit: number; window_seconds: number };
export type RevenueRecord = {
  id: string;
  source: "event" | "history" | "batch" | "single" | "account_file";
  external_id: string | null;
  amount: string;
  amount_minor: number;
  currency: string;
  occurred_at: string;
  event_type: string | null;
  customer_id: string | null;
  labels: string[] | null;
  metadata: Record<string, unknown> | null;
  job_id: string | null;
  created_at: string;
};
export type RevenuePage = { data: RevenueRecord[]; next_cursor: string | null };
export type RevenueFilter = {
  from?: string;
  to?: string;
  source?: string;
  currency?: string;
  event_type?: string;
  label?: string;
  customer_id?: string;
  metadata_value?: string;
  metadata_key?: string;
  job_id?: string;
  limit?: number;
  cursor?: string;
};
export type SummaryRow = { bucket: string; currency: string; group: string; amount: string; amount_minor: number; count: number };
export type Interval = "day" | "week" | "month";
export type MrrMonth = {
  month: string;
  currency: string;
  new: string;
  expansion: string;
  contraction: string;
  churn: string;
  net: string;
  minor: { new: number; expansion: number; contraction: number; churn: number; net: number };
};
export type JobStatus = {
  jobId: string;
  jobType: "revenue";
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
export type JobListItem = Pick<JobStatus, "jobId" | "jobType" | "status" | "percentageProgress" | "failureReason" | "createdDateTime">;
export type RowError = { rowNumber: number | null; line: number | null; column: string | null; message: string };
export type AccountFileError = { record: number | null; field: string | null; message: string };
export type Site = { id: string; name: string; default_currency: string; rate_limit: RateLimit; created_at: string };
export type Token = {
  id: string;
  site_id: string;
  kind: "secret" | "public";
  prefix: "sec" | "trk" | "pub";
  name: string | null;
  hint: string;
  allowed_origins: string[] | null;
  rate_limit: RateLimit | null;
  created_at: string;
  revoked_at: string | null;
};
export type OAuthClient = { client_id: string; site_id: string; name: string | null; created_at: string; revoked_at: string | null };
export type DeadLetter = { id: string; queue: string; body: unknown; attempts: number; reason: string | null; received_at: string };

/** An API error as a person reads it: one sentence, plus the request id to quote. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly requestId: string | null,
    readonly details?: unknown,
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = "ApiProblem";
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The server's own message, whatever the surface's error shape (native, Ruler, CustomerGauge). */
function serverMessage(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  if (isRecord(body.error) && typeof body.error.message === "string") return body.error.message;
  if (typeof body.message === "string") return body.message;
  if (typeof body.error === "string") return body.error;
  if (Array.isArray(body.Errors) && isRecord(body.Errors[0]) && typeof body.Errors[0].message === "string") return body.Errors[0].message;
  return undefined;
}

const sentence = (s: string) => {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
};

function explain(status: number, body: unknown, retryAfter: number | undefined): string {
  const said = serverMessage(body);
  switch (status) {
    case 401:
      return "This token was not accepted: it is mistyped, revoked, or no longer exists. Sign out and sign in with a valid token.";
    case 403:
      return said ? `Not allowed: ${sentence(said)}` : "This token is not allowed to do that.";
    case 404:
      return said ? `Not found: ${sentence(said)}` : "Not found.";
    case 409:
      return said ? sentence(said) : "This conflicts with the current state; try again in a moment.";
    case 413:
      return said ? `Too large: ${sentence(said)}` : "The file is too large.";
    case 429:
      return `Too many requests: this token's rate limit is used up. Try again in ${retryAfter ?? "a few"} second${retryAfter === 1 ? "" : "s"}.`;
    default:
      if (status >= 500)
        return "The server failed to answer this request. Try again; if it keeps failing, quote the request id to an operator.";
      return said ? `The request was refused: ${sentence(said)}` : `The request was refused (HTTP ${status}).`;
  }
}

export type Credentials = { token: string; role: "site" | "operator" };

type RequestOptions = {
  method?: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: FormData;
  /** The account-file surface documents `api_key`; everything else takes Bearer. */
  scheme?: "Bearer" | "api_key";
  /** Statuses whose body is returned instead of thrown (e.g. a 400 with row errors). */
  accept?: number[];
};

export type Answer<T> = { status: number; body: T; headers: Headers; requestId: string | null };

export class Api {
  constructor(
    private readonly token: string,
    private readonly base = "",
  ) {}

  async request<T>(path: string, options: RequestOptions = {}): Promise<Answer<T>> {
    const url = new URL(this.base + path, location.origin);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== "") url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { authorization: `${options.scheme ?? "Bearer"} ${this.token}` };
    let body: BodyInit | undefined;
    if (options.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.json);
    } else if (options.form) body = options.form;
    let res: Response;
    try {
      res = await fetch(url, { method: options.method ?? "GET", headers, body });
    } catch {
      throw new ApiProblem(0, "The server could not be reached. Check that it is running and try again.", null);
    }
    const requestId = res.headers.get("x-request-id");
    const type = res.headers.get("content-type") ?? "";
    const parsed: unknown = res.status === 204 ? null : type.includes("json") ? await res.json().catch(() => null) : await res.text();
    if (res.ok || options.accept?.includes(res.status)) return { status: res.status, body: parsed as T, headers: res.headers, requestId };
    const retryAfter = res.headers.has("retry-after") ? Number(res.headers.get("retry-after")) : undefined;
    const details = isRecord(parsed) ? (isRecord(parsed.error) ? parsed.error.details : (parsed.errors ?? parsed.Errors)) : undefined;
    throw new ApiProblem(res.status, explain(res.status, parsed, retryAfter), requestId, details, retryAfter);
  }

  private async get<T>(path: string, query?: RequestOptions["query"]): Promise<T> {
    return (await this.request<T>(path, { query })).body;
  }

  /** A file from the API (CSV exports, reports), as a Blob for a download link. */
  async download(path: string, query?: RequestOptions["query"]): Promise<Blob> {
    const url = new URL(this.base + path, location.origin);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== "") url.searchParams.set(k, String(v));
    let res: Response;
    try {
      res = await fetch(url, { headers: { authorization: `Bearer ${this.token}` } });
    } catch {
      throw new ApiProblem(0, "The server could not be reached. Check that it is running and try again.", null);
    }
    if (!res.ok) {
      const parsed: unknown = await res.json().catch(() => null);
      const retryAfter = res.headers.has("retry-after") ? Number(res.headers.get("retry-after")) : undefined;
      throw new ApiProblem(res.status, explain(res.status, parsed, retryAfter), res.headers.get("x-request-id"), undefined, retryAfter);
    }
    return res.blob();
  }

  // Identity
  me = () => this.get<Me>("/v1/me");

  // Reporting
  revenue = (siteId: string, filter: RevenueFilter) => this.get<RevenuePage>(`/v1/${siteId}/revenue`, filter);
  revenueCsv = (siteId: string, filter: RevenueFilter) =>
    this.download(`/v1/${siteId}/revenue`, { ...filter, cursor: undefined, limit: undefined, format: "csv" });
  summary = (siteId: string, q: { from?: string; to?: string; interval: Interval; group_by?: string }) =>
    this.get<{ data: SummaryRow[] }>(`/v1/${siteId}/revenue/summary`, q);
  mrr = (siteId: string, q: { from?: string; to?: string }) => this.get<{ data: MrrMonth[] }>(`/v1/${siteId}/mrr`, q);

  // CSV batch jobs
  uploadBatch(siteId: string, file: File) {
    const form = new FormData();
    form.append("file", file, file.name);
    return this.request<{ jobId: string } | { message: string; errorCount: number; errors: RowError[] }>(
      `/v1/${siteId}/revenue/upload/batch`,
      {
        method: "POST",
        form,
        accept: [400],
      },
    );
  }
  jobStatus = (siteId: string, jobId: string) => this.get<JobStatus>(`/v1/${siteId}/batch/${jobId}/status`);
  jobFailures = (siteId: string, jobId: string) => this.download(`/v1/${siteId}/batch/${jobId}/failures`, { format: "csv" });
  template = (siteId: string) => this.download(`/v1/${siteId}/revenue/template`);
  async jobs(siteId: string, page: number, pageSize = 20): Promise<{ jobs: JobListItem[]; total: number }> {
    const a = await this.request<JobListItem[]>(`/v1/${siteId}/batch/jobs`, { query: { page, pageSize } });
    return { jobs: a.body, total: Number(a.headers.get("x-total-count") ?? a.body.length) };
  }

  // Account revenue files
  uploadAccountFile(file: File) {
    const form = new FormData();
    form.append("file", file, file.name);
    return this.request<{ Data: { data: 1 } } | { Data: false; Errors: AccountFileError[] }>("/v4.1/company/revenue_file_automate.json", {
      method: "POST",
      form,
      scheme: "api_key",
      accept: [400],
    });
  }

  // Web analytics (contract §7; served once the website-ingest work has landed)
  analyticsSummary = (siteId: string, q: { from?: string; to?: string; interval: Interval }) =>
    this.get<{ data: Array<Record<string, unknown>> }>(`/v1/${siteId}/analytics/summary`, q);
  analyticsBreakdown = (siteId: string, q: { by: string; from?: string; to?: string; limit?: number }) =>
    this.get<{ data: Array<Record<string, unknown>> }>(`/v1/${siteId}/analytics/breakdown`, q);
  attribution = (siteId: string, q: { by: string; model: string; from?: string; to?: string }) =>
    this.get<Record<string, unknown>>(`/v1/${siteId}/revenue/attribution`, q);

  // Operators (admin token)
  sites = (after?: string) => this.get<{ data: Site[]; next_cursor: string | null }>("/admin/sites", { limit: 100, after });
  site = (siteId: string) => this.get<Site>(`/admin/sites/${siteId}`);
  createSite = (body: { name: string; default_currency?: string }) =>
    this.request<Site>("/admin/sites", { method: "POST", json: body }).then((a) => a.body);
  tokens = (siteId: string) => this.get<{ data: Token[] }>(`/admin/sites/${siteId}/tokens`);
  createToken = (siteId: string, body: { kind: "secret" | "public"; name?: string; rate_limit?: RateLimit }) =>
    this.request<Token & { token: string }>(`/admin/sites/${siteId}/tokens`, { method: "POST", json: body }).then((a) => a.body);
  updateToken = (tokenId: string, body: { rate_limit: RateLimit | null }) =>
    this.request<Token>(`/admin/tokens/${tokenId}`, { method: "PATCH", json: body }).then((a) => a.body);
  revokeToken = (tokenId: string) => this.request<null>(`/admin/tokens/${tokenId}`, { method: "DELETE" }).then(() => undefined);
  oauthClients = (siteId: string) => this.get<{ data: OAuthClient[] }>(`/admin/sites/${siteId}/oauth-clients`);
  createOAuthClient = (siteId: string, body: { name?: string }) =>
    this.request<OAuthClient & { client_secret: string }>(`/admin/sites/${siteId}/oauth-clients`, { method: "POST", json: body }).then(
      (a) => a.body,
    );
  revokeOAuthClient = (clientId: string) =>
    this.request<null>(`/admin/oauth-clients/${clientId}`, { method: "DELETE" }).then(() => undefined);
  deadLetters = (before?: string) => this.get<{ data: DeadLetter[] }>("/admin/dead-letters", { limit: 100, before });
}

/**
 * Who a token is: a site token answers GET /v1/me; otherwise it may be the operators' admin
 * token, which the admin API accepts.
 */
export async function signIn(token: string): Promise<{ role: "site"; me: Me } | { role: "operator" }> {
  const api = new Api(token);
  try {
    return { role: "site", me: await api.me() };
  } catch (err) {
    if (!(err instanceof ApiProblem) || err.status !== 401) throw err;
    try {
      await api.sites();
      return { role: "operator" };
    } catch (adminErr) {
      if (adminErr instanceof ApiProblem && adminErr.status === 401) throw err;
      throw adminErr;
    }
  }
}
