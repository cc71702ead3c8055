import type { Context } from "../context.js";
import type { RevenueEdgeError } from "../errors.js";
import type { components } from "../generated/openapi.js";
import type { RetryMode } from "../retry.js";

type IngestEvent = components["schemas"]["IngestEvent"];
type IngestData = IngestEvent["data"];

export type EventType = IngestEvent["type"];
export type RevenueEventData = Extract<IngestData, { transaction_id: string }>;
export type PageviewData = Extract<IngestData, { url: string }>;
export type CustomEventData = Extract<IngestData, { event_name: string }>;
export type IdentifyData = Exclude<Extract<IngestData, { customer_id: string }>, RevenueEventData>;
export type EventData<T extends EventType> = T extends "revenue"
  ? RevenueEventData
  : T extends "pageview"
    ? PageviewData
    : T extends "event"
      ? CustomEventData
      : IdentifyData;

export type QueuedEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

export type FlushResult = {
  /** Events the server accepted (202). */
  sent: number;
  /** Events refused or not delivered, with the error of each. */
  failed: Array<{ event: QueuedEvent; error: RevenueEdgeError }>;
};

export type EventQueueOptions = {
  /** Flush when this many events are queued (default 20). */
  maxEvents?: number;
  /** Flush this long after the first event of a batch was queued (default 1,000 ms). */
  flushIntervalMs?: number;
  /** Requests in flight while flushing (default 4). */
  concurrency?: number;
  /** Flush on the process's `beforeExit` where there is one (Node; default true). */
  flushOnExit?: boolean;
  /** Called for each event that could not be delivered by a background flush. */
  onError?: (error: RevenueEdgeError, event: QueuedEvent) => void;
};

/**
 * Retry modes per event type: a revenue event is idempotent on `transaction_id` and an
 * identify call only links two ids, so both are retried on any failure; a pageview or event
 * that reached the server before the connection broke would be counted twice, so those are
 * retried only on 429/503 (refused before anything was accepted).
 */
const RETRY_BY_TYPE: Record<EventType, RetryMode> = {
  revenue: "always",
  identify: "always",
  pageview: "refused-only",
  event: "refused-only",
};

/** `POST /api/ingest` (Pulsora-compatible): send events one by one, or queue them and flush in batches. */
export class EventsNamespace {
  private queue: QueuedEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private exitHook: (() => void) | undefined;
  private readonly options: Required<Omit<EventQueueOptions, "onError">> & Pick<EventQueueOptions, "onError">;

  constructor(
    private readonly ctx: Context,
    options: EventQueueOptions = {},
  ) {
    this.options = {
      maxEvents: options.maxEvents ?? 20,
      flushIntervalMs: options.flushIntervalMs ?? 1_000,
      concurrency: options.concurrency ?? 4,
      flushOnExit: options.flushOnExit ?? true,
      onError: options.onError,
    };
  }

  /** Sends one event now; resolves when the server accepted it (202, queued for processing). */
  async track<T extends EventType>(type: T, data: EventData<T>, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.ctx.send("ingest", { retry: RETRY_BY_TYPE[type], sendRequestId: false, signal: options.signal }, (init) =>
      this.ctx.transport.api.POST("/api/ingest", {
        body: { type, data } as IngestEvent,
        headers: init.headers,
        signal: init.signal,
      }),
    );
  }

  revenue(data: RevenueEventData): Promise<void> {
    return this.track("revenue", data);
  }
  pageview(data: PageviewData): Promise<void> {
    return this.track("pageview", data);
  }
  event(data: CustomEventData): Promise<void> {
    return this.track("event", data);
  }
  identify(data: IdentifyData): Promise<void> {
    return this.track("identify", data);
  }

  /** Events queued and not flushed yet. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Queues an event; the queue is flushed when it holds `maxEvents`, `flushIntervalMs` after
   * its first event, on `flush()`/`close()`, and before a Node process exits.
   */
  enqueue<T extends EventType>(type: T, data: EventData<T>): void {
    this.queue.push({ type, data } as QueuedEvent);
    this.installExitHook();
    if (this.queue.length >= this.options.maxEvents) {
      void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.options.flushIntervalMs);
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  /** Sends every queued event; resolves with what was sent and what failed. Never rejects. */
  flush(): Promise<FlushResult> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0);
    const run = this.tail.then(() => this.sendAll(batch));
    this.tail = run;
    return run;
  }

  /** Flushes and stops the timer and the exit hook. */
  async close(): Promise<FlushResult> {
    const result = await this.flush();
    if (this.exitHook) (globalThis as { process?: NodeLikeProcess }).process?.off?.("beforeExit", this.exitHook);
    this.exitHook = undefined;
    return result;
  }

  private async sendAll(batch: QueuedEvent[]): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, failed: [] };
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const event = batch[next++]!;
        try {
          await this.track(event.type, event.data as never);
          result.sent++;
        } catch (err) {
          const error = err as RevenueEdgeError;
          result.failed.push({ event, error });
          this.options.onError?.(error, event);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, batch.length) }, worker));
    return result;
  }

  private installExitHook(): void {
    if (this.exitHook || !this.options.flushOnExit) return;
    const proc = (globalThis as { process?: NodeLikeProcess }).process;
    if (typeof proc?.on !== "function") return;
    // `beforeExit` fires when the event loop is empty; flushing makes it busy again, and once
    // the queue is empty the next `beforeExit` lets the process end.
    this.exitHook = () => {
      if (this.queue.length > 0) void this.flush();
    };
    proc.on("beforeExit", this.exitHook);
  }
}

type NodeLikeProcess = { on?: (event: string, fn: () => void) => void; off?: (event: string, fn: () => void) => void };
