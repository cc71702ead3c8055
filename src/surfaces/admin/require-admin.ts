import { createMiddleware } from "hono/factory";
import { timingSafeEqualText } from "../../auth/token-format";
import { config } from "../../config";
import type { AppEnv } from "../../env";
import { ApiError } from "../../http/errors";
import { idempotent } from "../../idempotency/middleware";

/** Operators only: `Authorization: Bearer <ADMIN_TOKEN>` (a Worker secret). */
export const requireAdmin = createMiddleware<AppEnv>(async function requireAdmin(c, next) {
  const m = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
  const { adminToken } = config(c.env);
  if (!adminToken || !m?.[1] || !timingSafeEqualText(m[1], adminToken)) {
    throw new ApiError({ code: "UNAUTHORIZED", message: "Admin token required" });
  }
  await next();
});

/** Idempotency-Key on the admin creates: keys are the operators' own (one scope), bodies ≤ 1 MiB. */
export const adminIdempotent = idempotent({ scope: () => "admin", maxBodyBytes: () => 1_048_576 });
