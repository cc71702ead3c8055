/**
 * The stored offer ids among a JSON array of ids (?2) for a site (?1). `json_each` drives a
 * CROSS JOIN so each id is one primary-key probe rather than a scan of the site's offers.
 */
export const FIND_OFFER_IDS = `
SELECT o.offer_id AS offer_id FROM json_each(?2) AS j CROSS JOIN offers AS o ON o.site_id = ?1 AND o.offer_id = j.value`;
