// The dead-letter queue of wrangler.toml; each surface names the queues it owns itself.
export const DEAD_LETTER_QUEUE = "revenue-edge-dlq";
