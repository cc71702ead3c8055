// The simulated situations. Rates are Poisson arrivals; every request goes to a random isolate
// (how a Cloudflare location spreads one client's connections over its machines).
import type { Scenario } from "./simulation";

type Send = (atMs: number, identity: number) => void;

/** Poisson arrivals at `perSecond(t)` requests/s (t in ms) for one identity, by thinning at `peak`. */
function poisson(send: Send, random: () => number, seconds: number, peak: number, perSecond: (t: number) => number, identity = 0): void {
  for (let t = 0; ; ) {
    t += (-Math.log(1 - random()) / peak) * 1000;
    if (t >= seconds * 1000) return;
    if (random() * peak < perSecond(t)) send(t, identity);
  }
}

const steady = (rate: number) => (send: Send, random: () => number, seconds: number) => poisson(send, random, seconds, rate, () => rate);

export const scenarios: Scenario[] = [
  {
    name: "hot secret token: 5,000 events/s, 50 isolates, limit never reached (1,000,000 / 60 s)",
    seconds: 60,
    isolates: 50,
    policy: { limit: 1_000_000, windowSeconds: 60 },
    oneWayMs: [2, 20],
    arrivals: steady(5_000),
    seed: 1,
  },
  {
    name: "hot secret token over its limit: 5,000 events/s, 50 isolates, 240,000 / 60 s",
    seconds: 120,
    isolates: 50,
    policy: { limit: 240_000, windowSeconds: 60 },
    oneWayMs: [2, 20],
    arrivals: steady(5_000),
    seed: 2,
  },
  {
    name: "hot secret token, 1-s windows: 5,000 events/s, 50 isolates, 4,000 / 1 s",
    seconds: 60,
    isolates: 50,
    policy: { limit: 4_000, windowSeconds: 1 },
    oneWayMs: [2, 20],
    arrivals: steady(5_000),
    seed: 3,
  },
  {
    name: "hot secret token spread thin: 5,000 events/s over 1,000 isolates (5/s each), 1,000,000 / 60 s",
    seconds: 60,
    isolates: 1_000,
    policy: { limit: 1_000_000, windowSeconds: 60 },
    oneWayMs: [2, 20],
    arrivals: steady(5_000),
    seed: 4,
  },
  {
    name: "hot secret token, far object: 5,000 events/s, 50 isolates, 40–150 ms one way, 240,000 / 60 s",
    seconds: 120,
    isolates: 50,
    policy: { limit: 240_000, windowSeconds: 60 },
    oneWayMs: [40, 150],
    arrivals: steady(5_000),
    seed: 5,
  },
  {
    name: "bursts: 500/s with 10× bursts (300 ms every 3 s), 200 isolates, 60,000 / 60 s",
    seconds: 120,
    isolates: 200,
    policy: { limit: 60_000, windowSeconds: 60 },
    oneWayMs: [2, 20],
    arrivals: (send, random, seconds) => poisson(send, random, seconds, 5_000, (t) => (t % 3_000 < 300 ? 5_000 : 500)),
    seed: 6,
  },
  {
    name: "small limit, concurrent bursts: 300 tokens, each sends bursts of 20 at once over 8 isolates, 5 / 60 s",
    seconds: 120,
    isolates: 8,
    policy: { limit: 5, windowSeconds: 60 },
    oneWayMs: [2, 20],
    arrivals: (send, random, seconds) => {
      for (let identity = 0; identity < 300; identity++) {
        for (let t = random() * 20_000; t < seconds * 1000; t += 20_000 + random() * 20_000) for (let k = 0; k < 20; k++) send(t, identity);
      }
    },
    seed: 7,
  },
  {
    name: "public tokens per IP: 2,000 visitors at 0.2 requests/s each, 20 isolates, 10 / 60 s",
    seconds: 120,
    isolates: 20,
    policy: { limit: 10, windowSeconds: 60 },
    oneWayMs: [2, 20],
    arrivals: (send, random, seconds) => {
      for (let identity = 0; identity < 2_000; identity++) poisson(send, random, seconds, 0.2, () => 0.2, identity);
    },
    seed: 8,
  },
  {
    name: "limit lowered mid-window: 2,000 events/s, 100 isolates, 600,000 → 50,000 / 60 s at t = 20 s",
    seconds: 90,
    isolates: 100,
    policy: { limit: 600_000, windowSeconds: 60 },
    change: { atMs: 20_000, policy: { limit: 50_000, windowSeconds: 60 } },
    oneWayMs: [2, 20],
    arrivals: steady(2_000),
    seed: 9,
  },
  {
    name: "limit lowered, 1-s windows: 3,000 events/s, 50 isolates, 5,000 → 1,000 / 1 s at t = 20 s",
    seconds: 40,
    isolates: 50,
    policy: { limit: 5_000, windowSeconds: 1 },
    change: { atMs: 20_000, policy: { limit: 1_000, windowSeconds: 1 } },
    oneWayMs: [2, 20],
    arrivals: steady(3_000),
    seed: 10,
  },
];
