import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
// The SDK's core, loaded inside workerd: it must need nothing but what fetch runtimes have.
import { RevenueEdge, ValidationError } from "../../packages/sdk/src/index";

const workerFetch = (request: Request) => exports.default.fetch(request);

describe("@revenue-edge/sdk inside a Worker", () => {
  it("creates a site and token, uploads a CSV and reads the job with the Worker's own fetch", async () => {
    const admin = new RevenueEdge({ baseUrl: "https://revenue-edge.test", adminToken: env.ADMIN_TOKEN, fetch: workerFetch });
    const site = await admin.admin.createSite({ name: "SDK in workerd" });
    const { token } = await admin.admin.createToken(site.id, { kind: "secret" });
    const client = new RevenueEdge({ baseUrl: "https://revenue-edge.test", token, siteId: site.id, fetch: workerFetch });

    const job = await client.batch.upload(
      "RevenueClosedDate,CurrencyCode,Value,EmailAddress,Label,Reference\n2024-01-31,USD,10.00,a@example.com,Deal,W-1\n",
    );
    expect(job.jobId).toMatch(/^job_/);
    expect((await client.batch.status(job.jobId)).totalRows).toBe(1);

    const refused = await client.batch.upload("RevenueClosedDate,CurrencyCode\n").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
  });
});
