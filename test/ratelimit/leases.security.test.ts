import { describe, expect, it } from "vitest";
import { CLOCK_GUARD_MS } from "../../src/ratelimit/identity-leases";
import { LEASE_MAX_MS } from "../../src/ratelimit/protocol";
import { ingest, revenueData } from "../support/events";
import { createSite, createToken } from "../support/fixtures";
import { grantedByObject, simulatedIsolate } from "./simulated-isolate";

const identity = () => `test:${crypto.randomUUID()}`;

describe("rate-limit leases (security)", () => {
  it("eight isolates holding leases never admit more than the limit under 400 concurrent requests, and every admission spends a slot the object counted", async () => {
    const id = identity();
    const policy = { limit: 100, windowSeconds: 3600 };
    const isolates = Array.from({ length: 8 }, (_, i) => simulatedIsolate(`isolate-${i}`));
    // Each isolate first sees some demand, so it asks for slots ahead of requests (leases).
    const warm = await Promise.all(isolates.flatMap((iso) => Array.from({ length: 3 }, () => iso.admit(id, policy))));
    const burst = await Promise.all(isolates.flatMap((iso) => Array.from({ length: 50 }, () => iso.admit(id, policy))));
    const admitted = [...warm, ...burst].filter((d) => d.allowed).length;
    const calls = isolates.reduce((n, iso) => n + iso.calls.length, 0);

    expect(admitted).toBeLessThanOrEqual(100);
    const granted = await grantedByObject(id, policy.windowSeconds);
    expect(granted).toBeLessThanOrEqual(100);
    expect(admitted).toBeLessThanOrEqual(granted);
    // Leases at work: far fewer object calls than admissions.
    expect(calls).toBeLessThan(admitted);
    for (const d of [...warm, ...burst].filter((x) => !x.allowed)) expect(d.remaining).toBe(0);
  });

  it("a lease is not used more than 5 s after it was asked for, so slots granted under an old limit stop being spent within the token cache lifetime + 5 s", async () => {
    const id = identity();
    const policy = { limit: 1000, windowSeconds: 3600 };
    const iso = simulatedIsolate("isolate-a");
    for (let i = 0; i < 5; i++) expect((await iso.admit(id, policy)).allowed).toBe(true);
    const leased = iso.calls.at(-1)!.answer!;
    expect(leased.granted).toBeGreaterThan(1);
    expect(leased.ttlMs).toBeLessThanOrEqual(LEASE_MAX_MS);

    // Just before the lease ends (measured from the ask): admitted from held slots, no call.
    const callsBefore = iso.calls.length;
    iso.advance(LEASE_MAX_MS - CLOCK_GUARD_MS - 5);
    expect((await iso.admit(id, policy)).allowed).toBe(true);
    expect(iso.calls.length).toBe(callsBefore);

    // At its end: the next request asks the object, and gives the lapsed slots back in that call.
    iso.advance(10);
    expect((await iso.admit(id, policy)).allowed).toBe(true);
    expect(iso.calls.length).toBe(callsBefore + 1);
    const giveBack = iso.calls.at(-1)!.request.giveBack ?? [];
    expect(giveBack.reduce((n, g) => n + g.slots, 0)).toBeGreaterThan(0);
  });

  it("a changed limit drops the leases granted under the old one at once: the next request asks the object under the new limit and gives the old slots back", async () => {
    const id = identity();
    const iso = simulatedIsolate("isolate-b");
    for (let i = 0; i < 5; i++) await iso.admit(id, { limit: 1000, windowSeconds: 3600 });
    const held = iso.calls.reduce((n, c) => n + (c.answer?.granted ?? 0), 0) - 5;
    expect(held).toBeGreaterThan(0);

    const callsBefore = iso.calls.length;
    const d = await iso.admit(id, { limit: 10, windowSeconds: 3600 });
    expect(iso.calls.length).toBe(callsBefore + 1);
    const call = iso.calls.at(-1)!;
    expect(call.request.limit).toBe(10);
    expect((call.request.giveBack ?? []).reduce((n, g) => n + g.slots, 0)).toBe(held);
    // 5 admitted under the old limit + this one: the new limit of 10 leaves 4.
    expect(d).toMatchObject({ allowed: true, limit: 10, remaining: 4 });
    expect(await grantedByObject(id, 3600)).toBe(6);
  });

  it("Retry-After never ends before the object's window does, and a retry after it is admitted", async () => {
    const id = identity();
    const policy = { limit: 3, windowSeconds: 2 };
    const iso = simulatedIsolate("isolate-c");
    let refused;
    for (let i = 0; i < 10 && !refused; i++) {
      const d = await iso.admit(id, policy);
      if (!d.allowed) refused = d;
    }
    expect(refused).toBeDefined();
    const answer = iso.calls.at(-1)!.answer!;
    const windowEnd = answer.windowStart + policy.windowSeconds * 1000;
    const retryAfterSeconds = Math.max(1, Math.ceil(refused!.resetMs / 1000));
    expect(Date.now() + retryAfterSeconds * 1000).toBeGreaterThanOrEqual(windowEnd);

    await new Promise((r) => setTimeout(r, retryAfterSeconds * 1000));
    iso.advance(retryAfterSeconds * 1000);
    expect((await iso.admit(id, policy)).allowed).toBe(true);
  });

  it("admits exactly the limit of 50 under 200 concurrent ingest requests through one isolate's leases", async () => {
    const site = await createSite();
    const tok = await createToken(site.id, { kind: "secret", rate_limit: { limit: 50, window_seconds: 3600 } });
    const responses = await Promise.all(Array.from({ length: 200 }, () => ingest(tok.token, "revenue", revenueData())));
    expect(responses.filter((r) => r.status === 202)).toHaveLength(50);
    const limited = responses.filter((r) => r.status === 429);
    expect(limited).toHaveLength(150);
    for (const r of limited) {
      expect(r.headers.get("ratelimit-remaining")).toBe("0");
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
  });

  it("a waiting request whose answer arrives after its window ended is admitted on the slot the object counted for it inside that window; the other slots of that lease are never used", async () => {
    const id = identity();
    const policy = { limit: 1000, windowSeconds: 3600 };
    let late = true;
    // The first answers arrive just after their window's end (as if the object were that slow).
    const iso = simulatedIsolate("isolate-d", { answerTakesMs: (answer) => (late ? answer.resetMs : 0) });
    const first = await Promise.all(Array.from({ length: 4 }, () => iso.admit(id, policy)));
    expect(first.every((d) => d.allowed)).toBe(true);
    // One slot per waiting request was spent; nothing else was held for later requests.
    const callsAfterFirst = iso.calls.length;
    late = false;
    expect((await iso.admit(id, policy)).allowed).toBe(true);
    expect(iso.calls.length).toBe(callsAfterFirst + 1);
    expect(first.every((d) => d.window === iso.calls[0]!.answer!.windowStart)).toBe(true);
  });
});
