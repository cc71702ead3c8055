import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { config } from "../../src/config";

describe("configuration (happy)", () => {
  it("reads every variable and secret of the Worker into typed values, once per environment", () => {
    const parsed = config(env);
    expect(parsed).toEqual({
      defaultRateLimit: 600,
      defaultRateWindowSeconds: 60,
      tokenCacheSeconds: 5,
      queueRetryBaseSeconds: 0,
      batchMaxBytes: 52_428_800,
      batchMaxRows: 500_000,
      jobStallSeconds: 60,
      jobRecoveryAttempts: 5,
      localDevelopment: true,
      authFailureLimit: 1_000_000,
      authFailureWindowSeconds: 60,
      adminToken: env.ADMIN_TOKEN,
      oauthSigningKey: env.OAUTH_SIGNING_KEY,
    });
    expect(config(env)).toBe(parsed);
  });
});
