import { describe, expect, it } from "vitest";
import { references, revenueCsv } from "../../testing/revenue-csv";
import { tenant } from "./support/tenant";

describe("cancelling a call with an AbortSignal", () => {
  it("rejects with the signal's reason, is not retried, and sends nothing once aborted", async () => {
    const t = await tenant();
    let retries = 0;
    const client = t.client({ onRetry: () => retries++ });
    const reason = new Error("the page was left");

    await expect(client.reporting.page({}, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(client.me({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);

    // A job's wait() stops at once; the job itself is not affected.
    const job = await client.batch.upload(revenueCsv(references("C", 2)));
    await expect(job.wait({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect((await job.wait({ intervalMs: 100 })).status).toBe("complete");

    // A signal aborted while the request is in flight ends it the same way.
    const controller = new AbortController();
    const pending = client.batch.jobs({ signal: controller.signal });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(retries).toBe(0);
  });
});
