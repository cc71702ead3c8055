import type { Context } from "hono";
import type { z } from "zod";
import { isBotUserAgent } from "../../analytics/bots";
import { referrerSourceOf } from "../../analytics/referrer";
import { serverVisitorId } from "../../analytics/visitor-id";
import type { Principal } from "../../auth/principal";
import type { AppEnv } from "../../env";
import type { WebEvent } from "./queue-messages";
import type { customEventData, identifyData, pageviewData } from "./schemas";

type PageviewData = z.infer<typeof pageviewData>;
type CustomEventData = z.infer<typeof customEventData>;
type IdentifyData = z.infer<typeof identifyData>;

export type WebEventInput =
  | { type: "pageview"; data: PageviewData }
  | { type: "event"; data: CustomEventData }
  | { type: "identify"; data: IdentifyData };

const text = (v: string | undefined | null): string | null => (typeof v === "string" ? v : null);

/**
 * The queued form of a pageview, custom event or identify call. A null or absent
 * `visitor_fingerprint` (pageview, event) is derived from the daily salt, the site, the client
 * IP (`CF-Connecting-IP` only: other headers are set by the client) and the User-Agent.
 * Browser requests (public tokens) are checked against the bot list; a secret token is used
 * server-side, where the User-Agent is the sender's HTTP library, not the visitor's browser.
 */
export async function toWebEvent(c: Context<AppEnv>, principal: Principal, input: WebEventInput): Promise<WebEvent> {
  const userAgent = c.req.header("user-agent") ?? "";
  const sent = input.data.visitor_fingerprint;
  const visitorFingerprint =
    sent ?? (await serverVisitorId(c.env.DB, { siteId: principal.siteId, ip: c.req.header("cf-connecting-ip") ?? "", userAgent }));
  const page = input.type === "pageview" ? input.data : undefined;
  const url = input.type === "identify" ? undefined : input.data.url;
  return {
    type: input.type,
    visitorFingerprint,
    visitorSource: sent ? "client" : "server",
    sessionId: input.data.session_id,
    name: input.type === "event" ? input.data.event_name : null,
    url: text(url),
    path: input.type === "identify" ? null : text(input.data.path),
    customerId: input.type === "identify" ? input.data.customer_id : null,
    properties: input.type === "event" ? (input.data.event_data ?? null) : null,
    occurredAt: typeof input.data.timestamp === "number" ? new Date(input.data.timestamp).toISOString() : null,
    referrer: text(page?.referrer),
    referrerSource: text(page?.referrer_source ?? referrerSourceOf(page?.referrer, page?.url)),
    title: text(page?.title),
    locale: text(page?.locale),
    utmSource: text(page?.utm_source),
    utmMedium: text(page?.utm_medium),
    utmCampaign: text(page?.utm_campaign),
    utmTerm: text(page?.utm_term),
    utmContent: text(page?.utm_content),
    isBot: principal.kind === "public" && input.type !== "identify" && isBotUserAgent(userAgent),
  };
}
