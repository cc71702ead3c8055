// `POST /v2/offers/bulk` behind the HTTP edge: upsert by offer_id. Fields sent replace the
// stored ones, fields left out are kept; repeats of one offer_id in a request are merged
// (later values win). One D1 transaction: a read of which offers exist (to tell created from
// updated) and the upsert, each one statement over a bound JSON array.
import { ISO_NOW_SQL } from "../../db/columns";
import { chunkJsonRows } from "../../db/json-rows";
import { FIND_OFFER_IDS } from "./offer-lookup";
import { type OfferError, type ValidOffer, validateOffer } from "./offer-record";

export type OffersImportResult = {
  successCount: number;
  errorCount: number;
  offersCreated: number;
  offersUpdated: number;
  errors: OfferError[];
};

const UPSERT_OFFERS = `
INSERT INTO offers (site_id, offer_id, name, payout_minor)
SELECT ?1, r.value ->> '$[0]', r.value ->> '$[1]', r.value ->> '$[2]'
FROM json_each(?2) AS r
WHERE true
ON CONFLICT (site_id, offer_id) DO UPDATE SET
  name = coalesce(excluded.name, offers.name),
  payout_minor = coalesce(excluded.payout_minor, offers.payout_minor),
  updated_at = ${ISO_NOW_SQL}`;

export async function importOffers(
  db: D1Database,
  site: { id: string; currency: string },
  offers: readonly unknown[],
  options: { onSaveError?: (cause: unknown) => void } = {},
): Promise<OffersImportResult> {
  const errors: OfferError[] = [];
  const byId = new Map<string, { merged: ValidOffer; indexes: number[] }>();
  offers.forEach((raw, index) => {
    const r = validateOffer(raw, index, site.currency);
    if (!r.ok) return void errors.push(r.error);
    const seen = byId.get(r.offer.offerId);
    if (!seen) return void byId.set(r.offer.offerId, { merged: r.offer, indexes: [index] });
    seen.indexes.push(index);
    seen.merged = {
      ...seen.merged,
      name: r.offer.name ?? seen.merged.name,
      payoutMinor: r.offer.payoutMinor ?? seen.merged.payoutMinor,
    };
  });

  const groups = [...byId.values()];
  let created = 0;
  let updated = 0;
  let saved = 0;
  if (groups.length > 0) {
    const ids = JSON.stringify(groups.map((g) => g.merged.offerId));
    const upserts = chunkJsonRows(groups.map(({ merged: o }) => JSON.stringify([o.offerId, o.name, o.payoutMinor]))).map((chunk) =>
      db.prepare(UPSERT_OFFERS).bind(site.id, chunk),
    );
    try {
      const [existing] = await db.batch<{ offer_id: string }>([db.prepare(FIND_OFFER_IDS).bind(site.id, ids), ...upserts]);
      updated = existing?.results.length ?? 0;
      created = groups.length - updated;
      saved = groups.reduce((n, g) => n + g.indexes.length, 0);
    } catch (cause) {
      options.onSaveError?.(cause);
      for (const g of groups) {
        for (const index of g.indexes) {
          errors.push({
            index,
            offer_id: g.merged.offerId,
            code: "save_error",
            error: `Offer ${index}: an unexpected error occurred while saving the offer; nothing was saved for it, retry it`,
          });
        }
      }
    }
  }
  errors.sort((a, b) => a.index - b.index);
  return { successCount: saved, errorCount: errors.length, offersCreated: created, offersUpdated: updated, errors };
}
