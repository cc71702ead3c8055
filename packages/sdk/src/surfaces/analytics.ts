import type { Context } from "../context.js";
import type { components, paths } from "../generated/openapi.js";

type S = components["schemas"];
export type AnalyticsSummary = S["AnalyticsSummary"];
export type AnalyticsBucket = S["AnalyticsBucket"];
export type AnalyticsBreakdown = S["AnalyticsBreakdown"];
export type AnalyticsBreakdownRow = S["AnalyticsBreakdownRow"];
export type RevenueAttribution = S["RevenueAttribution"];
export type AttributedRevenue = S["AttributedRevenue"];
export type AttributionTotal = S["AttributionTotal"];
export type WebEvent = S["WebEvent"];
export type WebEventPage = S["WebEventPage"];
export type AnalyticsSummaryQuery = NonNullable<paths["/v1/{siteId}/analytics/summary"]["get"]["parameters"]["query"]>;
export type AnalyticsBreakdownQuery = paths["/v1/{siteId}/analytics/breakdown"]["get"]["parameters"]["query"];
export type AttributionQuery = NonNullable<paths["/v1/{siteId}/revenue/attribution"]["get"]["parameters"]["query"]>;
export type WebEventQuery = NonNullable<paths["/v1/{siteId}/events"]["get"]["parameters"]["query"]>;
type SiteOptions = { siteId?: string; signal?: AbortSignal };

/**
 * Web analytics read APIs (native API, secret tokens of the site): visitors and pageviews from
 * the daily rollups, breakdowns by page, source, UTM value, locale or event name, revenue
 * attribution per channel, and the raw web events.
 */
export class AnalyticsNamespace {
  constructor(private readonly ctx: Context) {}

  /** Visitors, sessions, pageviews and events per bucket (`interval` day|week|month), with totals. */
  async summary(query: AnalyticsSummaryQuery = {}, options: SiteOptions = {}): Promise<AnalyticsSummary> {
    const siteId = this.ctx.siteId(options.siteId);
    const { data } = await this.ctx.send("bearer", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/v1/{siteId}/analytics/summary", {
        params: { path: { siteId }, query },
        headers: init.headers,
        signal: init.signal,
      }),
    );
    return data;
  }

  /** Visitors, pageviews and events per value of `by` (top values first, at most `limit`). */
  async breakdown(query: AnalyticsBreakdownQuery, options: SiteOptions = {}): Promise<AnalyticsBreakdown> {
    const siteId = this.ctx.siteId(options.siteId);
    const { data } = await this.ctx.send("bearer", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/v1/{siteId}/analytics/breakdown", {
        params: { path: { siteId }, query },
        headers: init.headers,
        signal: init.signal,
      }),
    );
    return data;
  }

  /** Revenue per channel (`by`) and currency, first- or last-touch (`model`), with the unattributed share per currency. */
  async attribution(query: AttributionQuery = {}, options: SiteOptions = {}): Promise<RevenueAttribution> {
    const siteId = this.ctx.siteId(options.siteId);
    const { data } = await this.ctx.send("bearer", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/v1/{siteId}/revenue/attribution", {
        params: { path: { siteId }, query },
        headers: init.headers,
        signal: init.signal,
      }),
    );
    return data;
  }

  /** One page of raw web events (pageviews, custom events, identify calls), newest first: `{data, next_cursor}`. */
  async events(query: WebEventQuery = {}, options: SiteOptions = {}): Promise<WebEventPage> {
    const siteId = this.ctx.siteId(options.siteId);
    const { data } = await this.ctx.send("bearer", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/v1/{siteId}/events", {
        params: { path: { siteId }, query },
        headers: init.headers,
        signal: init.signal,
      }),
    );
    return data;
  }
}
