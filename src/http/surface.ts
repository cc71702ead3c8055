import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import type { ApiError } from "./errors";

/** Renders an ApiError in a surface's wire shape (its error body, its content type). */
export type ErrorRenderer = (c: Context<AppEnv>, err: ApiError) => Response;

/** The hook @hono/zod-openapi calls after validating a request part against a route's schema. */
export type ValidationHook = NonNullable<ConstructorParameters<typeof OpenAPIHono<AppEnv>>[0]>["defaultHook"];

/** Consumes one batch of a queue the surface owns. */
export type QueueConsumer = (batch: MessageBatch<unknown>, env: Env) => Promise<void>;

/** Told about messages of any queue that exhausted their retries (after they are recorded). */
export type DeadLetterHook = (env: Env, messages: readonly Message<unknown>[]) => Promise<void>;

/**
 * What the app needs to mount one client surface (contract §3–§8). A surface is a folder of
 * `src/surfaces/` whose `index.ts` exports one of these; `src/surfaces/index.ts` lists them and
 * the app, the error handler and the queue dispatcher loop over that list.
 */
export interface Surface {
  /** For logs and docs. */
  readonly name: string;
  /**
   * Path prefixes the surface's routes are served under. Routes are registered relative to the
   * prefix. The first prefix is the documented one; the others are aliases serving the same
   * handlers (documented as alternative servers of those paths).
   */
  readonly basePaths: readonly string[];
  /**
   * Whether a path under one of `basePaths` (given relative to it) is this surface's, so that
   * its errors, 404s and 405s are rendered in the surface's shape. Absent: every path under the
   * base paths is.
   */
  readonly owns?: (relativePath: string) => boolean;
  /** Registers the surface's endpoints (and its OpenAPI components) on a sub-app. */
  readonly register: (app: OpenAPIHono<AppEnv>) => void;
  /** The surface's error body. Absent: the native `{"error":{code,message,requestId,details}}`. */
  readonly renderError?: ErrorRenderer;
  /** Words request-validation failures of the surface's routes. Absent: the native hook. */
  readonly validationHook?: ValidationHook;
  /** Consumers of the queues the surface owns, by queue name (as in wrangler.toml). */
  readonly queues?: Readonly<Record<string, QueueConsumer>>;
  /** Called with dead-lettered messages, so the surface can end what they belonged to. */
  readonly onDeadLetters?: DeadLetterHook;
}
