import type { ErrorRenderer } from "../../http/surface";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Ruler's error body: `{message}` plus row-level `errorCount`/`errors` for validation failures. */
export const renderBatchError: ErrorRenderer = (c, err) =>
  c.json({ message: err.message, ...(isRecord(err.details) ? err.details : {}) }, err.status);
