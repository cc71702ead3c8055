import { createMiddleware } from "hono/factory";
import { timingSafeEqualText } from "../../auth/token-format";
import type { AppEnv } from "../../env";
import { ApiError } from "../../http/errors";
import { config } from "../../config";

/** Operators only: `Authorization: Bearer <ADMIN_TOKEN>` (a Worker secret). */
export const requireAdmin = createMiddleware<AppEnv>(async function requireAdmin(c, next) {
  const m = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
  const { adminToken } = config(c.env);
  if (!adminToken || !m?.[1] || !timingSafeEqualText(m[1], adminToken)) {
    throw new ApiError({ code: "UNAUTHORIZED", message: "Admin token required" });
  }
  await next();
});
