import type { Context } from "hono";
import type { AppEnv } from "../env";
import { respond as respondJsonOrXml } from "../surfaces/accounts/respond";
import type { XmlValue } from "../surfaces/accounts/xml-body";
import type { ApiError } from "./errors";

/**
 * The client surfaces of contract §3–§7. Each speaks an existing public API and so has its
 * own error body; everything that is not one of the four compatible surfaces is native.
 */
export type Surface = "events" | "history" | "batch" | "accounts" | "oauth" | "native";

const SURFACE_BY_PATH: ReadonlyArray<readonly [RegExp, Surface]> = [
  [/^\/api\/ingest\/?$/, "events"],
  [/^\/v2\//, "history"],
  [/^\/v1\/[^/]+\/(?:revenue\/upload|revenue\/template|batch)(?:\/|$)/, "batch"],
  [/^\/v4\.1\//, "accounts"],
  [/^\/oauth2\//, "oauth"],
];

export function surfaceOf(path: string): Surface {
  for (const [pattern, surface] of SURFACE_BY_PATH) if (pattern.test(path)) return surface;
  return "native";
}

type ErrorRenderer = (c: Context<AppEnv>, err: ApiError) => Response;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const renderers: Record<Surface, ErrorRenderer> = {
  // Pulsora: validation problems are `{message}`, everything else `{error}`.
  events: (c, err) =>
    err.status === 400 || err.status === 413
      ? c.json({ message: err.message }, err.status)
      : c.json({ error: err.message }, err.status),
  // Trackly: `{error, code}` with snake_case codes.
  history: (c, err) => c.json({ error: err.message, code: err.wireCode ?? err.code.toLowerCase() }, err.status),
  // Ruler: `{message}` plus row-level `errorCount`/`errors` for validation failures.
  batch: (c, err) => c.json({ message: err.message, ...(isRecord(err.details) ? err.details : {}) }, err.status),
  // CustomerGauge: `{"Data": false, "Errors": [...]}`, the same content as XML on `.xml` paths.
  accounts: (c, err) =>
    respondJsonOrXml(
      c,
      {
        Data: false,
        Errors: Array.isArray(err.details) ? (err.details as XmlValue[]) : [{ record: null, field: null, message: err.message }],
      },
      err.status,
    ),
  // RFC 6749 §5.2 (its codes have none for "try later": 429 and 503 use temporarily_unavailable, §4.1.2.1).
  oauth: (c, err) =>
    c.json(
      {
        error: err.wireCode ?? (err.status === 401 ? "invalid_client" : err.status === 429 || err.status >= 500 ? "temporarily_unavailable" : "invalid_request"),
        error_description: err.message,
      },
      err.status,
    ),
  native: (c, err) =>
    c.json(
      {
        error: {
          code: err.code,
          message: err.message,
          requestId: c.get("requestId"),
          ...(err.details === undefined ? {} : { details: err.details }),
        },
      },
      err.status,
    ),
};

/** Renders an error in the shape of the surface the request was made to. */
export function renderError(c: Context<AppEnv>, err: ApiError): Response {
  for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
  return renderers[surfaceOf(c.req.path)](c, err);
}
