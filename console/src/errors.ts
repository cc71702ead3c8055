import { NetworkError, RateLimitError, RevenueEdgeError, TimeoutError } from "@revenue-edge/sdk";

const sentence = (s: string) => {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
};

/** The SDK's message when the server said something (it falls back to `HTTP <status> …` otherwise). */
const serverSaid = (err: RevenueEdgeError) => (/^HTTP \d{3}\b/.test(err.message) ? undefined : err.message);

/** Any failure as a person reads it: one sentence, and the request id to quote when there is one. */
export function explain(error: unknown): { message: string; requestId: string | null } {
  if (!(error instanceof RevenueEdgeError)) {
    return { message: error instanceof Error ? error.message : "Something went wrong.", requestId: null };
  }
  const requestId = error.requestId ?? null;
  if (error instanceof NetworkError)
    return { message: "The server could not be reached. Check that it is running and try again.", requestId };
  if (error instanceof TimeoutError) return { message: "The server did not answer in time. Try again in a moment.", requestId };
  const status = error.status ?? 0;
  const said = serverSaid(error);
  let message: string;
  switch (status) {
    case 0:
      // Raised by the SDK itself before sending (e.g. no credential configured).
      message = sentence(error.message);
      break;
    case 401:
      message = "This token was not accepted: it is mistyped, revoked, or no longer exists. Sign out and sign in with a valid token.";
      break;
    case 403:
      message = said ? `Not allowed: ${sentence(said)}` : "This token is not allowed to do that.";
      break;
    case 404:
      message = said ? `Not found: ${sentence(said)}` : "Not found.";
      break;
    case 409:
      message = said ? sentence(said) : "This conflicts with the current state; try again in a moment.";
      break;
    case 413:
      message = said ? `Too large: ${sentence(said)}` : "The file is too large.";
      break;
    case 429: {
      const retryAfter = error instanceof RateLimitError ? error.retryAfter : undefined;
      message = `Too many requests: this token's rate limit is used up. Try again in ${retryAfter ?? "a few"} second${retryAfter === 1 ? "" : "s"}.`;
      break;
    }
    default:
      message =
        status >= 500
          ? "The server failed to answer this request. Try again; if it keeps failing, quote the request id to an operator."
          : said
            ? `The request was refused: ${sentence(said)}`
            : `The request was refused (HTTP ${status}).`;
  }
  return { message, requestId };
}
