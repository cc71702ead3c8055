import type { ErrorRenderer } from "../../http/surface";

/** Trackly's error body: `{error, code}` with snake_case codes. */
export const renderHistoryError: ErrorRenderer = (c, err) =>
  c.json({ error: err.message, code: err.wireCode ?? err.code.toLowerCase() }, err.status);
