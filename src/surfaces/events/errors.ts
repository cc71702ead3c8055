import type { ErrorRenderer } from "../../http/surface";

/** Pulsora's error bodies: validation problems (and 413) are `{message}`, everything else `{error}`. */
export const renderEventsError: ErrorRenderer = (c, err) =>
  err.status === 400 || err.status === 413 ? c.json({ message: err.message }, err.status) : c.json({ error: err.message }, err.status);
