import { createMiddleware } from "hono/factory";
import { requireUsableSecret, sameSecret } from "../../auth/deployment-secrets";
import type { AppEnv } from "../../env";
import { ApiError } from "../../http/errors";
import { countingFailures } from "../../ratelimit/failed-auth";

/**
 * Operators only: `Authorization: Bearer <ADMIN_TOKEN>` (a Worker secret). The token is compared
 * as SHA-256 hashes in constant time; outside local development a committed default or weak
 * ADMIN_TOKEN disables the admin API (503) rather than admitting whoever has read the repository.
 * Wrong tokens count as failed authentications of the client's address (429 past the limit).
 */
export const requireAdmin = createMiddleware<AppEnv>(async function requireAdmin(c, next) {
  await countingFailures(c, async () => {
    requireUsableSecret(c.env, "ADMIN_TOKEN", c.env.ADMIN_TOKEN, "The admin API");
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
    if (!m?.[1] || !(await sameSecret(m[1], c.env.ADMIN_TOKEN))) {
      throw new ApiError({ code: "UNAUTHORIZED", message: "Admin token required" });
    }
  });
  await next();
});
