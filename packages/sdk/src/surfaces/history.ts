import type { Context } from "../context.js";
import { addDecimals } from "../decimal.js";
import type { components } from "../generated/openapi.js";
import { randomId } from "../transport.js";

type S = components["schemas"];
type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** A revenue record (the server defaults `attribution_type` to `sale`). */
export type HistoryRevenueRecord = Optional<S["HistoryRevenueRecord"], "attribution_type">;
export type HistoryContactInput = S["HistoryContactInput"];
export type HistoryOfferInput = S["HistoryOfferInput"];
export type HistorySendInput = S["HistorySendInput"];
export type HistoryContact = S["HistoryContact"];

/** An item error, with `index` into the caller's whole array (not the chunk). */
export type HistoryItemError = { index: number; code: string; error: string; [key: string]: unknown };

type MergedErrors = {
  errors: HistoryItemError[];
  /**
   * The server lists at most 100 errors per request (counts are always complete), so with
   * more than 100 failing items in one chunk of 1,000 some are not listed.
   */
  errors_listed_complete: boolean;
  /** Requests sent (chunks of at most `chunkSize` items). */
  chunks: number;
};

export type HistoryRevenueImportResult = Omit<S["HistoryRevenueImportResult"], "errors"> &
  MergedErrors & {
    /** The same total as exact decimal text (chunk totals added digit by digit). */
    total_revenue_text: string;
  };
export type HistoryContactsImportResult = Omit<S["HistoryContactsImportResult"], "errors"> & MergedErrors;
export type HistoryOffersImportResult = Omit<S["HistoryOffersImportResult"], "errors"> & MergedErrors;
export type HistorySendsImportResult = Omit<S["HistorySendsImportResult"], "errors"> & MergedErrors;

export type ImportOptions = {
  /** Items per request (the server takes at most 1,000; default 1,000). */
  chunkSize?: number;
  /** Called after each chunk with the items done so far and the total. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
};

const MAX_CHUNK = 1_000;

type ChunkResult = { success_count: number; error_count: number; errors: Array<{ index: number; code: string; error: string }> };

/**
 * Bulk history import (`/v2/…`, Trackly-compatible): any number of items, sent in chunks of
 * 1,000 one after another, results merged as if it were one request — counts added, totals
 * added exactly, and each error's `index` pointing into the caller's array.
 *
 * Retries: every import is sent with an `Idempotency-Key` (one per chunk, the same on each
 * retry of that chunk) and retried on network errors, timeouts, 5xx and 429: the server
 * answers a retried chunk with its first response. Even without the key a retried chunk could
 * not double data that has its own identity: contacts and offers are upserts, sends skip known message ids, and revenue
 * records with a `timestamp` are refused as `duplicate_record`. A revenue record without a
 * timestamp gets the server's time of the request, so send timestamps when you may retry.
 */
export class HistoryNamespace {
  constructor(private readonly ctx: Context) {}

  async importRevenue(records: ReadonlyArray<HistoryRevenueRecord>, options: ImportOptions = {}): Promise<HistoryRevenueImportResult> {
    const totals: number[] = [];
    const merged = await this.importChunked(records, options, async (chunk, signal) => {
      const { data } = await this.ctx.send("apiKey", { retry: "always", idempotencyKey: `hist-rev-${randomId()}`, signal }, (init) =>
        this.ctx.transport.api.POST("/v2/history/revenue", {
          body: { records: chunk as S["HistoryRevenueRecord"][] },
          headers: init.headers,
          signal: init.signal,
        }),
      );
      totals.push(data.total_revenue);
      return data;
    });
    const total = addDecimals(totals.length ? totals : [0]);
    return { ...merged, total_revenue: Number(total), total_revenue_text: total };
  }

  async importContacts(contacts: ReadonlyArray<HistoryContactInput>, options: ImportOptions = {}): Promise<HistoryContactsImportResult> {
    let created = 0;
    const merged = await this.importChunked(contacts, options, async (chunk, signal) => {
      const { data } = await this.ctx.send("apiKey", { retry: "always", idempotencyKey: `hist-ct-${randomId()}`, signal }, (init) =>
        this.ctx.transport.api.POST("/v2/contacts/bulk", { body: { contacts: [...chunk] }, headers: init.headers, signal: init.signal }),
      );
      created += data.contacts_created;
      return data;
    });
    return { ...merged, contacts_created: created };
  }

  async importOffers(offers: ReadonlyArray<HistoryOfferInput>, options: ImportOptions = {}): Promise<HistoryOffersImportResult> {
    let created = 0;
    let updated = 0;
    const merged = await this.importChunked(offers, options, async (chunk, signal) => {
      const { data } = await this.ctx.send("apiKey", { retry: "always", idempotencyKey: `hist-of-${randomId()}`, signal }, (init) =>
        this.ctx.transport.api.POST("/v2/offers/bulk", { body: { offers: [...chunk] }, headers: init.headers, signal: init.signal }),
      );
      created += data.offers_created;
      updated += data.offers_updated;
      return data;
    });
    return { ...merged, offers_created: created, offers_updated: updated };
  }

  async importSends(sends: ReadonlyArray<HistorySendInput>, options: ImportOptions = {}): Promise<HistorySendsImportResult> {
    let skipped = 0;
    const merged = await this.importChunked(sends, options, async (chunk, signal) => {
      const { data } = await this.ctx.send("apiKey", { retry: "always", idempotencyKey: `hist-snd-${randomId()}`, signal }, (init) =>
        this.ctx.transport.api.POST("/v2/history/sends", { body: { sends: [...chunk] }, headers: init.headers, signal: init.signal }),
      );
      skipped += data.duplicates_skipped;
      return data;
    });
    return { ...merged, duplicates_skipped: skipped };
  }

  /** `GET /v2/contacts/{contactId}`. */
  async getContact(contactId: string, options: { signal?: AbortSignal } = {}): Promise<HistoryContact> {
    const { data } = await this.ctx.send("apiKey", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/v2/contacts/{contactId}", {
        params: { path: { contactId } },
        headers: init.headers,
        signal: init.signal,
      }),
    );
    return data;
  }

  /** `GET /v2/contacts?phone_number=…` (any common phone format). */
  async findContact(phoneNumber: string, options: { signal?: AbortSignal } = {}): Promise<HistoryContact> {
    const { data } = await this.ctx.send("apiKey", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/v2/contacts", {
        params: { query: { phone_number: phoneNumber } },
        headers: init.headers,
        signal: init.signal,
      }),
    );
    return data;
  }

  private async importChunked<T>(
    items: ReadonlyArray<T>,
    options: ImportOptions,
    sendChunk: (chunk: ReadonlyArray<T>, signal: AbortSignal | undefined) => Promise<ChunkResult>,
  ): Promise<{ success_count: number; error_count: number } & MergedErrors> {
    const size = Math.min(MAX_CHUNK, Math.max(1, options.chunkSize ?? MAX_CHUNK));
    const merged = { success_count: 0, error_count: 0, errors: [] as HistoryItemError[], errors_listed_complete: true, chunks: 0 };
    for (let offset = 0; offset < items.length; offset += size) {
      const chunk = items.slice(offset, offset + size);
      const result = await sendChunk(chunk, options.signal);
      merged.chunks++;
      merged.success_count += result.success_count;
      merged.error_count += result.error_count;
      for (const e of result.errors) merged.errors.push({ ...e, index: e.index + offset });
      if (result.errors.length < result.error_count) merged.errors_listed_complete = false;
      options.onProgress?.(Math.min(offset + size, items.length), items.length);
    }
    return merged;
  }
}
