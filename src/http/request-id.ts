import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

const SAFE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Every response carries X-Request-Id: the client's own when it is safe, else a fresh one. */
export const requestId = createMiddleware<AppEnv>(async function requestId(c, next) {
  const offered = c.req.header("x-request-id");
  const id = offered && SAFE_ID.test(offered) ? offered : crypto.randomUUID();
  c.set("requestId", id);
  c.header("X-Request-Id", id);
  await next();
  // Error responses built outside the normal flow still get the header.
  c.res.headers.set("X-Request-Id", id);
});
