import { describe, expect, it } from "vitest";
import { createTenant } from "../support/fixtures";
import { getJson } from "../support/web-events";

type ErrorBody = { error: { code: string; message: string; requestId: string; details?: Array<{ field: string }> } };

describe("web analytics endpoints (errors)", () => {
  const cases: Array<[string, string]> = [
    ["summary with a date-time instead of a day", "/analytics/summary?from=2026-01-01T00:00:00Z"],
    ["summary with a day that does not exist", "/analytics/summary?from=2026-02-30"],
    ["summary with an unknown interval", "/analytics/summary?interval=hour"],
    ["summary with from after to", "/analytics/summary?from=2026-02-02&to=2026-02-01"],
    ["summary over more than ten years", "/analytics/summary?from=2000-01-01&to=2026-01-01"],
    ["breakdown without by", "/analytics/breakdown"],
    ["breakdown by an unknown dimension", "/analytics/breakdown?by=country"],
    ["breakdown with limit 0", "/analytics/breakdown?by=path&limit=0"],
    ["events of an unknown type", "/events?type=click"],
    ["events with a cursor not made by the API", "/events?cursor=not-a-cursor"],
    ["events with limit over 1000", "/events?limit=1001"],
    ["attribution by an unknown channel", "/revenue/attribution?by=gclid"],
    ["attribution with an unknown model", "/revenue/attribution?model=linear"],
    ["attribution with a lookback over a year", "/revenue/attribution?lookback_days=366"],
  ];
  for (const [name, path] of cases) {
    it(`refuses ${name} with 400 naming the parameter`, async () => {
      const t = await createTenant();
      const res = await getJson<ErrorBody>(`/v1/${t.site.id}${path}`, t.secret);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("BAD_REQUEST");
      expect(res.body.error.requestId).toBe(res.headers.get("x-request-id"));
      // The parameter at fault is the last one of the query (or `by`, which is missing).
      const param = path.split("?")[1]?.split("&").at(-1)?.split("=")[0] ?? "by";
      expect(res.body.error.details?.map((d) => d.field)).toContain(param);
    });
  }
});
