import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { newApp } from "../../src/app";
import { ConfigError, config } from "../../src/config";
import { retryDelaySeconds } from "../../src/queue/retry";

/** The app under an environment whose variables differ from the test Worker's. */
function requestWith(overrides: Record<string, unknown>, path: string, init: RequestInit = {}) {
  const badEnv = { ...env, ...overrides } as Env;
  return newApp().request(`https://revenue-edge.test${path}`, init, badEnv);
}

type NativeError = { error: { code: string; message: string } };

describe("configuration (errors)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("answers 503 naming a malformed variable, and logs it once for the environment", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const badEnv = { ...env, BATCH_MAX_ROWS: "lots" } as unknown as Env;
    const app = newApp();
    const send = () =>
      app.request(
        "https://revenue-edge.test/v1/site_x/revenue",
        { headers: { authorization: "Bearer sec_0123456789abcdefghijklmnopqrstuv" } },
        badEnv,
      );
    const first = await send();
    expect(first.status).toBe(503);
    const body = (await first.json()) as NativeError;
    expect(body.error.code).toBe("SERVICE_UNAVAILABLE");
    expect(body.error.message).toBe("The service is misconfigured: BATCH_MAX_ROWS must be a whole number from 1 to 9007199254740991");
    expect((await send()).status).toBe(503);
    const configLines = logged.mock.calls.map((args) => String(args[0])).filter((line) => line.includes("invalid configuration"));
    expect(configLines).toHaveLength(1);
    expect(JSON.parse(configLines[0]!)).toMatchObject({ level: "error", variable: "BATCH_MAX_ROWS" });
  });

  it("names a missing secret without showing any secret's value", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await requestWith({ OAUTH_SIGNING_KEY: undefined }, "/admin/sites", {
      headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(text).toContain("OAUTH_SIGNING_KEY is missing");
    expect(text).not.toContain(env.ADMIN_TOKEN);
  });

  it("refuses a signing key too short to be a secret, empty numbers and negative numbers", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const problem = (overrides: Record<string, unknown>) => {
      try {
        config({ ...env, ...overrides } as Env);
      } catch (err) {
        return err instanceof ConfigError ? err.message : String(err);
      }
      return "accepted";
    };
    expect(problem({ OAUTH_SIGNING_KEY: "short" })).toBe(
      "The service is misconfigured: OAUTH_SIGNING_KEY must be at least 32 characters long",
    );
    expect(problem({ TOKEN_CACHE_SECONDS: "" })).toBe(
      "The service is misconfigured: TOKEN_CACHE_SECONDS must be a whole number from 0 to 3600",
    );
    expect(problem({ DEFAULT_RATE_LIMIT: "-5" })).toBe(
      "The service is misconfigured: DEFAULT_RATE_LIMIT must be a whole number from 1 to 1000000",
    );
    expect(problem({ DEFAULT_RATE_WINDOW_SECONDS: undefined })).toBe(
      "The service is misconfigured: DEFAULT_RATE_WINDOW_SECONDS is missing; it must be a whole number from 1 to 86400",
    );
  });

  it("makes a queue consumer's retry fail with the variable's name instead of retrying after NaN seconds", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => retryDelaySeconds({ ...env, QUEUE_RETRY_BASE_SECONDS: "soon" } as unknown as Env, 1)).toThrow(/QUEUE_RETRY_BASE_SECONDS/);
  });

  it("keeps the admin API closed, as before, when ADMIN_TOKEN is empty", async () => {
    const res = await requestWith({ ADMIN_TOKEN: "" }, "/admin/sites", { headers: { authorization: "Bearer " } });
    expect(res.status).toBe(401);
  });
});
