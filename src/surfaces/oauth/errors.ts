import type { ErrorRenderer } from "../../http/surface";

/**
 * RFC 6749 §5.2: `{error, error_description}`. Its codes have none for "try later": 429 and 503
 * use `temporarily_unavailable` (§4.1.2.1).
 */
export const renderOAuthError: ErrorRenderer = (c, err) =>
  c.json(
    {
      error:
        err.wireCode ??
        (err.status === 401 ? "invalid_client" : err.status === 429 || err.status >= 500 ? "temporarily_unavailable" : "invalid_request"),
      error_description: err.message,
    },
    err.status,
  );
