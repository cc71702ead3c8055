import { config } from "../config";

/** Exponential backoff for a failed message: base, 2×base, 4×base… capped at 5 minutes. */
export function retryDelaySeconds(env: Env, attempts: number): number {
  const base = config(env).queueRetryBaseSeconds;
  return Math.min(300, base * 2 ** Math.max(0, attempts - 1));
}
