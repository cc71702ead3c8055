// `POST /v2/history/sends` behind the HTTP edge: a send links a message_id to the phone number
// it went to (and optionally an offer). A message_id that is already stored, or repeated in the
// request, is skipped and counted in `duplicates_skipped` (the first link stands); it is not an
// error. Two round trips whatever the size: the offers named, then the insert.
import { chunkJsonRows } from "../../db/json-rows";
import { FIND_OFFER_IDS } from "./offer-lookup";
import { type SendError, type ValidSend, validateSend } from "./send-record";

export type SendsImportResult = {
  successCount: number;
  errorCount: number;
  duplicatesSkipped: number;
  errors: SendError[];
};

const INSERT_MESSAGES = `
INSERT INTO messages (site_id, message_id, phone_number, offer_id, sent_at)
SELECT ?1, r.value ->> '$[0]', r.value ->> '$[1]', r.value ->> '$[2]', r.value ->> '$[3]'
FROM json_each(?2) AS r
WHERE true
ON CONFLICT (site_id, message_id) DO NOTHING
RETURNING message_id`;

export async function importSends(
  db: D1Database,
  siteId: string,
  sends: readonly unknown[],
  options: { nowMs: number; onSaveError?: (cause: unknown) => void },
): Promise<SendsImportResult> {
  const errors: SendError[] = [];
  const valid: ValidSend[] = [];
  sends.forEach((raw, index) => {
    const r = validateSend(raw, index, options.nowMs);
    if (r.ok) valid.push(r.send);
    else errors.push(r.error);
  });

  const offerIds = [...new Set(valid.flatMap((s) => (s.offerId === null ? [] : [s.offerId])))];
  let knownOffers = new Set<string>();
  if (offerIds.length > 0) {
    const found = await db.prepare(FIND_OFFER_IDS).bind(siteId, JSON.stringify(offerIds)).all<{ offer_id: string }>();
    knownOffers = new Set(found.results.map((r) => r.offer_id));
  }

  let duplicatesSkipped = 0;
  const firstOfMessage = new Set<string>();
  const rows: ValidSend[] = [];
  for (const s of valid) {
    if (s.offerId !== null && !knownOffers.has(s.offerId)) {
      errors.push({
        index: s.index,
        message_id: s.messageId,
        code: "offer_not_found",
        error: `Send ${s.index}: no offer exists with offer_id ${JSON.stringify(s.offerId)}`,
      });
    } else if (firstOfMessage.has(s.messageId)) {
      duplicatesSkipped += 1;
    } else {
      firstOfMessage.add(s.messageId);
      rows.push(s);
    }
  }

  let successCount = 0;
  if (rows.length > 0) {
    const chunks = chunkJsonRows(rows.map((s) => JSON.stringify([s.messageId, s.phoneNumber, s.offerId, s.sentAt])));
    try {
      const results = await db.batch<{ message_id: string }>(chunks.map((chunk) => db.prepare(INSERT_MESSAGES).bind(siteId, chunk)));
      successCount = results.reduce((n, r) => n + r.results.length, 0);
      duplicatesSkipped += rows.length - successCount;
    } catch (cause) {
      options.onSaveError?.(cause);
      for (const s of rows) {
        errors.push({
          index: s.index,
          message_id: s.messageId,
          code: "save_error",
          error: `Send ${s.index}: an unexpected error occurred while saving the send; nothing was saved for it, retry it`,
        });
      }
    }
  }
  errors.sort((a, b) => a.index - b.index);
  return { successCount, errorCount: errors.length, duplicatesSkipped, errors };
}
