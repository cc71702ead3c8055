import { createMiddleware } from "hono/factory";
import { requireUsableSecret, sameSecret } from "../../auth/deployment-secrets";
import { config } from "../../config";
import type { AppEnv } from "../../env";
import { ApiError } from "../../http/errors";
import { idempotent } from "../../idempotency/middleware";
import { countingFailures } from "../../ratelimit/failed-auth";

/**
 * Operators only: `Authorization: Bearer <ADMIN_TOKEN>` (a Worker secret; absent: the admin API
 * refuses every request). The token is compared as SHA-256 hashes in constant time; outside local
 * development a committed default or weak ADMIN_TOKEN disables the admin API (503) rather than
 * admitting whoever has read the repository. Wrong tokens count as failed authentications of the
 * client's address (429 past the limit).
 */
export const requireAdmin = createMiddleware<AppEnv>(async function requireAdmin(c, next) {
  const settings = config(c.env);
  await countingFailures(c, async () => {
    const { adminToken } = settings;
    if (adminToken) requireUsableSecret(settings, "ADMIN_TOKEN", adminToken, "The admin API");
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
    if (!adminToken || !m?.[1] || !(await sameSecret(m[1], adminToken))) {
      throw new ApiError({ code: "UNAUTHORIZED", message: "Admin token required" });
    }
  });
  await next();
});

/** Idempotency-Key on the admin creates: keys are the operators' own (one scope), bodies ≤ 1 MiB. */
export const adminIdempotent = idempotent({ scope: () => "admin", maxBodyBytes: () => 1_048_576 });
