import type { ErrorRenderer } from "../../http/surface";

/** RFC 6749 §5.2: `{error, error_description}`. */
export const renderOAuthError: ErrorRenderer = (c, err) =>
  c.json(
    { error: err.wireCode ?? (err.status === 401 ? "invalid_client" : "invalid_request"), error_description: err.message },
    err.status,
  );
