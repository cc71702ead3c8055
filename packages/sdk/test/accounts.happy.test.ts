import { RevenueEdge, ValidationError } from "@revenue-edge/sdk";
import { describe, expect, it } from "vitest";
import { adminClient, tenant, workerUrl } from "./support/tenant";

const ACCOUNTS_CSV = `Account,Revenue,Start date,End date,Type,Description
Acme,12000,01-01-2016,31-12-2016,ARR,Licence
Globex,12000,2016-01-01,2016-12-31,MRR,Support
`;

describe("client.accounts", () => {
  it("uploads with OAuth2 client credentials: one token fetched, cached, and fetched again shortly before it expires", async () => {
    const t = await tenant();
    const oauth = await adminClient().admin.createOAuthClient(t.siteId, { name: "sdk test" });
    let clock = Date.now();
    const client = new RevenueEdge({
      baseUrl: workerUrl(),
      clientId: oauth.client_id,
      clientSecret: oauth.client_secret,
      siteId: t.siteId,
      now: () => clock,
    });

    const uploaded = await client.accounts.upload(new Blob([ACCOUNTS_CSV]), { filename: "accounts.csv" });
    expect(uploaded).toEqual({ stored: true, fileId: expect.stringMatching(/\S/) });
    const acme = await client.accounts.revenue("ACME", { from: "2016-01", to: "2016-02" });
    expect(acme).toMatchObject({
      account: "Acme",
      currency: "USD",
      total: "2000.00",
      months: [
        { month: "2016-01", amount: "1000.00" },
        { month: "2016-02", amount: "1000.00" },
      ],
    });
    expect(client.oauth?.tokensFetched).toBe(1);

    clock += 3_600_000 - 59_000; // inside the default 60 s refresh margin of a one-hour token
    await client.accounts.revenue("Globex", { from: "2016-01", to: "2016-01" });
    expect(client.oauth?.tokensFetched).toBe(2);

    // Bearer surfaces use the access token too when no secret token is given.
    const records = await client.reporting.page({ source: "account_file", limit: 1 });
    expect(records.data).toHaveLength(1);
    // The file id names the file's records: 12 months of each of the two accounts.
    const ofFile = [];
    for await (const r of client.reporting.list({ job_id: uploaded.fileId ?? "" })) ofFile.push(r);
    expect(ofFile).toHaveLength(24);
    expect(new Set(ofFile.map((r) => r.job_id))).toEqual(new Set([uploaded.fileId]));
  });

  it("uploads with a secret token (api_key) and throws ValidationError with record errors, storing nothing", async () => {
    const t = await tenant();
    const client = t.client();
    const error = await client.accounts.upload("Acme;1,234.12;2016-01-01;2016-12-31;ARR\n", { filename: "bad.csv" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.issues).toEqual([expect.objectContaining({ record: 1, field: "amount", message: expect.stringMatching(/send 1234/) })]);
    expect(error.requestId).toMatch(/\S/);
    expect((await client.reporting.page({ source: "account_file" })).data).toEqual([]);
  });
});
