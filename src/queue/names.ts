// Queue names as declared in wrangler.toml; the consumer dispatches on them.
export const EVENTS_QUEUE = "revenue-edge-events";
export const JOBS_QUEUE = "revenue-edge-jobs";
export const DEAD_LETTER_QUEUE = "revenue-edge-dlq";
