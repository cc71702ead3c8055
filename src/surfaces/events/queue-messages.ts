import { z } from "zod";

/** The queue of accepted /api/ingest events (wrangler.toml). */
export const EVENTS_QUEUE = "revenue-edge-events";

// Typed queue messages. Producers build them with these types; consumers parse them with the
// same schemas, so a corrupt or foreign message is recognised and dead-lettered, not guessed at.

const revenueEvent = z.object({
  type: z.literal("revenue"),
  transactionId: z.string(),
  amountMinor: z.number().int(),
  currency: z.string().length(3),
  eventType: z.string(),
  customerId: z.string(),
  visitorFingerprint: z.string(),
  sessionId: z.string(),
  paymentProcessor: z.string().nullable(),
  subscriptionId: z.string().nullable(),
  mrrImpactMinor: z.number().int().nullable(),
  isRecurring: z.boolean().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
});

const webEvent = z.object({
  type: z.enum(["pageview", "event", "identify"]),
  visitorFingerprint: z.string(),
  sessionId: z.string(),
  name: z.string().nullable(),
  url: z.string().nullable(),
  path: z.string().nullable(),
  customerId: z.string().nullable(),
  properties: z.record(z.string(), z.unknown()).nullable(),
  /** Client timestamp (epoch ms → ISO), or null to use the time the event was accepted. */
  occurredAt: z.string().nullable(),
  // Added for web analytics (issue 10). Defaults keep messages queued by an older version readable.
  /** `server` when the visitor id was derived at ingest (src/analytics/visitor-id.ts). */
  visitorSource: z.enum(["client", "server"]).default("client"),
  referrer: z.string().nullable().default(null),
  referrerSource: z.string().nullable().default(null),
  title: z.string().nullable().default(null),
  locale: z.string().nullable().default(null),
  utmSource: z.string().nullable().default(null),
  utmMedium: z.string().nullable().default(null),
  utmCampaign: z.string().nullable().default(null),
  utmTerm: z.string().nullable().default(null),
  utmContent: z.string().nullable().default(null),
  isBot: z.boolean().default(false),
});

/** One accepted /api/ingest event on the `revenue-edge-events` queue. */
export const eventMessage = z.object({
  v: z.literal(1),
  kind: z.literal("ingest"),
  /** Assigned at acceptance: the idempotency key of pageviews/events/identify. */
  id: z.string(),
  siteId: z.string(),
  receivedAt: z.string(),
  event: z.discriminatedUnion("type", [revenueEvent, webEvent]),
});

export type EventMessage = z.infer<typeof eventMessage>;
export type RevenueEvent = z.infer<typeof revenueEvent>;
export type WebEvent = z.infer<typeof webEvent>;
