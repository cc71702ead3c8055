import type { Context } from "hono";
import type { AppEnv } from "../env";
import type { ApiError } from "./errors";
import type { ErrorRenderer, Surface } from "./surface";

/** The native error body (admin, reporting, operations): contract §7. */
export const renderNativeError: ErrorRenderer = (c, err) =>
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
  );

/** The path relative to `basePath`, or undefined when the path is not under it. */
export function relativeTo(basePath: string, path: string): string | undefined {
  if (basePath === "") return path;
  if (path === basePath) return "/";
  return path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : undefined;
}

/** The surface a request path belongs to, among those with their own error shape. */
export function surfaceOf(surfaces: readonly Surface[], path: string): Surface | undefined {
  for (const surface of surfaces) {
    if (!surface.renderError) continue;
    for (const basePath of surface.basePaths) {
      const relative = relativeTo(basePath, path);
      if (relative !== undefined && (surface.owns?.(relative) ?? true)) return surface;
    }
  }
  return undefined;
}

/**
 * One renderer for the whole app: the error's headers (Retry-After, Allow…), then the body in
 * the shape of the surface the request was made to, native when no surface claims the path.
 */
export function errorRendererFor(surfaces: readonly Surface[]): (c: Context<AppEnv>, err: ApiError) => Response {
  return (c, err) => {
    for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
    const render = surfaceOf(surfaces, c.req.path)?.renderError ?? renderNativeError;
    return render(c, err);
  };
}
