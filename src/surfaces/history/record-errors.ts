// The per-record error codes of the history surface (contract §4) and the shape they are
// reported in. Request-level errors (missing_records, too_many_records, 401…) are not here:
// they refuse the whole request and use the `{error, code}` body instead.

export const revenueRecordErrorCodes = [
  "missing_message_id",
  "missing_offer_id",
  "missing_revenue",
  "invalid_revenue",
  "invalid_payout",
  "invalid_timestamp",
  "invalid_attribution_type",
  "message_not_found",
  "offer_not_found",
  "contact_not_found",
  "duplicate_record",
  "save_error",
] as const;
export type RevenueRecordErrorCode = (typeof revenueRecordErrorCodes)[number];

/** One refused record: its position in the request, a machine code and a sentence for people. */
export type RecordError<Code extends string = string> = { index: number; code: Code; error: string };

/** At most this many errors are listed in a response; the counts always cover all of them. */
export const MAX_LISTED_ERRORS = 100;

/** Errors in request order, cut to the listing limit. */
export function listedErrors<E extends { index: number }>(errors: readonly E[]): E[] {
  return [...errors].sort((a, b) => a.index - b.index).slice(0, MAX_LISTED_ERRORS);
}
