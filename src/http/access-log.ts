import { createMiddleware } from "hono/factory";
import { routePath } from "hono/route";
import type { AppEnv } from "../env";

/**
 * One JSON line per request: request id, method, route pattern (not the raw URL, which may
 * carry ids), status and duration. Never headers or bodies, so no token ever reaches a log.
 */
export const accessLog = createMiddleware<AppEnv>(async function accessLog(c, next) {
  const started = performance.now();
  await next();
  console.log(
    JSON.stringify({
      level: c.res.status >= 500 ? "error" : "info",
      requestId: c.get("requestId"),
      method: c.req.method,
      route: routePath(c, -1),
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      siteId: c.get("principal")?.siteId,
    }),
  );
});
