/** Exit codes of `revenue-edge`, the same for every command. */
export const EXIT = {
  /** Done: everything was accepted/stored (a batch job `complete`). */
  OK: 0,
  /** Refused or failed: validation errors, a `failed` job, auth, not found, conflict; nothing (more) to retry. */
  FAILED: 1,
  /** Usage: unknown command or option, a missing argument or setting, an unreadable file. */
  USAGE: 2,
  /** Partly done: a `partialcomplete` job, an import where some items failed. */
  PARTIAL: 3,
  /** Not reached or not answered: network error, timeout, rate limit or 5xx after the retries. Try again later. */
  UNAVAILABLE: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
