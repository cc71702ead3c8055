import type { AuthStyle, Credentials } from "./credentials.js";
import { RevenueEdgeError } from "./errors.js";
import type { RetryMode } from "./retry.js";
import type { AttemptInit, CallOptions, Transport } from "./transport.js";

type FetchResult = { data?: unknown; error?: unknown; response: Response };

export type SendOptions = {
  retry: RetryMode;
  idempotencyKey?: string;
  sendRequestId?: boolean;
  signal?: AbortSignal;
};

/** What every surface namespace shares: the transport, the credentials and the default site. */
export class Context {
  constructor(
    readonly transport: Transport,
    readonly credentials: Credentials,
    private readonly defaultSiteId: string | undefined,
  ) {}

  /** The site of a `/v1/{siteId}/…` request: the call's own, else the client's. */
  siteId(override?: string): string {
    const siteId = override ?? this.defaultSiteId;
    if (!siteId)
      throw new RevenueEdgeError({ message: "This request needs a site id: pass siteId to new RevenueEdge({ … }) or to the call" });
    return siteId;
  }

  send<R extends FetchResult>(style: AuthStyle, options: SendOptions, run: (init: AttemptInit) => Promise<R>) {
    const oauth = this.credentials.usesOAuth(style) ? this.credentials.oauth : undefined;
    const call: CallOptions = {
      ...options,
      auth: () => this.credentials.headers(style),
      reauthenticate: oauth
        ? () => {
            oauth.invalidate();
            return true;
          }
        : undefined,
    };
    return this.transport.call(call, run);
  }
}
