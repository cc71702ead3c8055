import { describe, expect, it } from "vitest";
import { createTenant } from "../support/fixtures";
import { get, putRecord, record } from "./support/batch-api";

describe("PUT /v1/{siteId}/revenue/upload: the CSV rules, errors naming the field", () => {
  const cases: [string, Record<string, unknown>, string | null, RegExp][] = [
    ["a future RevenueClosedDate", { RevenueClosedDate: "2999-01-01" }, "RevenueClosedDate", /in the future/],
    ["a date that does not exist", { RevenueClosedDate: "2023-02-29" }, "RevenueClosedDate", /not a real calendar date/],
    ["an unknown currency", { CurrencyCode: "ABC" }, "CurrencyCode", /not an active ISO 4217/],
    ["too many decimals for JPY", { CurrencyCode: "JPY", Value: "10.5" }, "Value", /more decimals than JPY allows/],
    ["an empty Value", { Value: "" }, "Value", /must not be empty/],
    ["no visitor identifier", { VisitorIdentifierOptions: [] }, null, /At least one visitor identifier/],
    [
      "an unknown identifier key",
      { VisitorIdentifierOptions: [{ Key: "Fax", Value: "1" }] },
      "VisitorIdentifierOptions",
      /Key must be one of/,
    ],
    [
      "an empty additional property name",
      { AdditionalDataProperties: [{ Name: " ", Value: "x" }] },
      "AdditionalDataProperties",
      /empty Name/,
    ],
    ["Reference missing", { Reference: undefined }, "Reference", /Reference is required/],
    ["Value of the wrong type", { Value: true }, "Value", /Value must be a string/],
  ];

  it.each(cases)("%s → 400", async (_, change, column, message) => {
    const t = await createTenant();
    const res = await putRecord(t.site.id, t.secret, { ...record, ...change });
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      errorCount: number;
      errors: Array<{ rowNumber: null; line: null; column: string | null; message: string }>;
    };
    expect(body.errors).toContainEqual({ rowNumber: null, line: null, column, message: expect.stringMatching(message) });
    const list = (await (await get(`/v1/${t.site.id}/revenue`, t.secret)).json()) as { data: unknown[] };
    expect(list.data).toHaveLength(0);
  });

  it("refuses a body that is not JSON", async () => {
    const t = await createTenant();
    const res = await putRecord(t.site.id, t.secret, "{not json");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toBe("The body is not valid JSON");
  });
});
