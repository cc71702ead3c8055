import { ApiError } from "../../http/errors";

export type ClientCredentials = { clientId: string; clientSecret: string; via: "basic" | "body" };

/** RFC 6749 §5.2 errors; `invalid_client` answers 401 (with a challenge when Basic was used). */
export function oauthError(wireCode: string, message: string, status: 400 | 401 = 400, basic = false): ApiError {
  return new ApiError({
    code: status === 401 ? "UNAUTHORIZED" : "BAD_REQUEST",
    wireCode,
    message,
    headers: basic ? { "WWW-Authenticate": 'Basic realm="revenue-edge", charset="UTF-8"' } : {},
  });
}

/** Decodes `Authorization: Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1). */
function fromBasic(header: string): { clientId: string; clientSecret: string } {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  let decoded: string | undefined;
  try {
    decoded = m?.[1]
      ? new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(Uint8Array.from(atob(m[1]), (ch) => ch.charCodeAt(0)))
      : undefined;
  } catch {
    decoded = undefined;
  }
  const colon = decoded?.indexOf(":") ?? -1;
  if (decoded === undefined || colon < 0) {
    throw oauthError("invalid_client", "The Authorization header is not valid HTTP Basic credentials.", 401, true);
  }
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " ")),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " ")),
    };
  } catch {
    throw oauthError("invalid_client", "The Authorization header is not valid HTTP Basic credentials.", 401, true);
  }
}

/**
 * The client's credentials, from HTTP Basic or from the form body (RFC 6749 §2.3.1), never
 * both: a request using two authentication methods is refused as the RFC requires.
 */
export function clientCredentials(authorization: string | undefined, form: URLSearchParams): ClientCredentials {
  const inBody = form.has("client_id") || form.has("client_secret");
  if (authorization && /^Basic\s/i.test(authorization)) {
    if (inBody) throw oauthError("invalid_request", "Send the client credentials either with HTTP Basic or in the body, not both.");
    return { ...fromBasic(authorization), via: "basic" };
  }
  const clientId = form.get("client_id");
  const clientSecret = form.get("client_secret");
  if (!clientId || !clientSecret) {
    throw oauthError("invalid_client", "Client authentication failed: send client_id and client_secret (form body or HTTP Basic).", 401);
  }
  return { clientId, clientSecret, via: "body" };
}
