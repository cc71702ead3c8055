import type { Context } from "../context.js";
import type { components, paths } from "../generated/openapi.js";

type S = components["schemas"];
export type RevenueRecord = S["RevenueRecord"];
export type RevenueBucket = S["RevenueBucket"];
export type MrrMonth = S["MrrMonth"];
export type RevenueQuery = Omit<NonNullable<paths["/v1/{siteId}/revenue"]["get"]["parameters"]["query"]>, "format" | "cursor">;
export type SummaryQuery = NonNullable<paths["/v1/{siteId}/revenue/summary"]["get"]["parameters"]["query"]>;
export type MrrQuery = NonNullable<paths["/v1/{siteId}/mrr"]["get"]["parameters"]["query"]>;
type SiteOptions = { siteId?: string; signal?: AbortSignal };

/** Reporting on the ledger (native API, secret tokens of the site). */
export class ReportingNamespace {
  constructor(private readonly ctx: Context) {}

  /**
   * Every record matching `query`, newest first, fetched page by page (`limit` records per
   * page, default 100) as the caller iterates: `for await (const record of client.reporting.list())`.
   */
  async *list(query: RevenueQuery = {}, options: SiteOptions = {}): AsyncGenerator<RevenueRecord, void, undefined> {
    for await (const page of this.pages(query, options)) yield* page.data;
  }

  /** The pages behind `list()`, each `{data, next_cursor}`. */
  async *pages(query: RevenueQuery = {}, options: SiteOptions = {}): AsyncGenerator<S["RevenuePage"], void, undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.page({ ...query, cursor }, options);
      yield page;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
  }

  /** One page: `{data, next_cursor}`. */
  async page(query: RevenueQuery & { cursor?: string } = {}, options: SiteOptions = {}): Promise<S["RevenuePage"]> {
    const siteId = this.ctx.siteId(options.siteId);
    const { data } = await this.ctx.send("bearer", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/v1/{siteId}/revenue", {
        params: { path: { siteId }, query: { ...query, format: "json" } },
        headers: init.headers,
        signal: init.signal,
      }),
    );
    return data as S["RevenuePage"];
  }

  /** Every matching record as CSV text with a header row (streamed by the server). */
  async csv(query: Omit<RevenueQuery, "limit"> = {}, options: SiteOptions = {}): Promise<string> {
    const siteId = this.ctx.siteId(options.siteId);
    const { data } = await this.ctx.send("bearer", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/v1/{siteId}/revenue", {
        params: { path: { siteId }, query: { ...query, format: "csv" } },
        parseAs: "text",
        headers: init.headers,
        signal: init.signal,
      }),
    );
    return data;
  }

  /** Totals per bucket (`interval` day|week|month) and currency, optionally per group. */
  async summary(query: SummaryQuery = {}, options: SiteOptions = {}): Promise<RevenueBucket[]> {
    const siteId = this.ctx.siteId(options.siteId);
    const { data } = await this.ctx.send("bearer", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/v1/{siteId}/revenue/summary", {
        params: { path: { siteId }, query },
        headers: init.headers,
        signal: init.signal,
      }),
    );
    return data.data;
  }

  /** Monthly MRR movements per currency (`from`/`to` as `YYYY-MM`). */
  async mrr(query: MrrQuery = {}, options: SiteOptions = {}): Promise<MrrMonth[]> {
    const siteId = this.ctx.siteId(options.siteId);
    const { data } = await this.ctx.send("bearer", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/v1/{siteId}/mrr", { params: { path: { siteId }, query }, headers: init.headers, signal: init.signal }),
    );
    return data.data;
  }
}
