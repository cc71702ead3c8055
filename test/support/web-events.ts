import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../../src/index";
import type { EventMessage, WebEvent } from "../../src/surfaces/events/queue-messages";
import { call } from "./http";

/** A queued pageview/event/identify as /api/ingest would have accepted it. */
export function webMessage(
  siteId: string,
  event: Partial<WebEvent> & Pick<WebEvent, "type">,
  options: { id?: string; receivedAt?: string } = {},
): EventMessage {
  return {
    v: 1,
    kind: "ingest",
    id: options.id ?? `evt_${crypto.randomUUID()}`,
    siteId,
    receivedAt: options.receivedAt ?? new Date().toISOString(),
    event: {
      visitorFingerprint: "v1",
      sessionId: "s1",
      name: null,
      url: null,
      path: null,
      customerId: null,
      properties: null,
      occurredAt: null,
      visitorSource: "client",
      referrer: null,
      referrerSource: null,
      title: null,
      locale: null,
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
      utmTerm: null,
      utmContent: null,
      isBot: false,
      ...event,
    } as WebEvent,
  };
}

/** A pageview at `occurredAt` (ISO), with the given page attributes. */
export const pageview = (siteId: string, occurredAt: string, fields: Partial<WebEvent> = {}, id?: string) =>
  webMessage(siteId, { type: "pageview", path: "/", occurredAt, ...fields }, { id });

/** A custom event at `occurredAt`. */
export const customEvent = (siteId: string, occurredAt: string, name: string, fields: Partial<WebEvent> = {}) =>
  webMessage(siteId, { type: "event", name, path: "/", occurredAt, ...fields });

/** Hands messages to the Worker's queue() handler as one batch (as the queue would), and expects them all acked. */
export async function deliver(messages: EventMessage[], attempts = 1) {
  const batch = createMessageBatch<EventMessage>(
    "revenue-edge-events",
    messages.map((body, i) => ({ id: `m${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<unknown>, env, ctx);
  const result = await getQueueResult(batch, ctx);
  expect(result.retryMessages).toEqual([]);
  expect(result.explicitAcks).toHaveLength(messages.length);
  return result;
}

/** GET with a bearer token; returns status and parsed JSON. */
export async function getJson<T = Record<string, any>>(
  path: string,
  token: string,
): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await call(path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}
