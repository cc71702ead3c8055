// The leases of every rate-limit identity this isolate has served.
import { type Admission, IdentityLeases, type LeaseClock, type LeaseIo } from "./identity-leases";
import type { LeasePolicy } from "./protocol";

export type { Admission, LeaseClock, LeaseIo, LeaseSource } from "./identity-leases";

const MAX_IDENTITIES = 10_000;

export class LeaseBook {
  private readonly identities = new Map<string, IdentityLeases>();

  constructor(
    private readonly clock: LeaseClock,
    private readonly maxIdentities = MAX_IDENTITIES,
  ) {}

  /**
   * Admits or refuses one request of `identity` under `policy`. Returns without I/O (not a
   * promise) when the isolate holds a slot or knows the window is spent. A policy other than the
   * one the leases were granted under (a changed limit) drops them at once: their unused slots
   * go back to the object with the first call under the new policy.
   */
  admit(identity: string, policy: LeasePolicy, io: LeaseIo): Admission | Promise<Admission> {
    let leases = this.identities.get(identity);
    if (!leases || leases.policy.limit !== policy.limit || leases.policy.windowSeconds !== policy.windowSeconds) {
      const successor = new IdentityLeases({ limit: policy.limit, windowSeconds: policy.windowSeconds }, this.clock);
      if (leases) {
        successor.inherit(leases.surrender());
        this.identities.delete(identity);
      } else if (this.identities.size >= this.maxIdentities) {
        // The oldest identity is forgotten; its slots stay counted until its window ends (never over the limit).
        this.identities.delete(this.identities.keys().next().value as string);
      }
      this.identities.set(identity, successor);
      leases = successor;
    }
    return leases.admit(io);
  }
}
