import { OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { createMiddleware } from "hono/factory";
import { methodNotAllowed } from "hono/method-not-allowed";
import * as schema from "./db/schema";
import type { AppEnv, Db } from "./env";
import { accessLog } from "./http/access-log";
import { limitBody } from "./http/body-limit";
import { ApiError, toApiError } from "./http/errors";
import { requestId } from "./http/request-id";
import { renderError } from "./http/surfaces";
import { registerAccountRoutes } from "./surfaces/accounts/register";
import { registerAdminDeadLetters } from "./surfaces/admin/dead-letters";
import { registerAdminOAuthClients } from "./surfaces/admin/oauth-clients";
import { registerAdminSites } from "./surfaces/admin/sites";
import { registerAdminTokens } from "./surfaces/admin/tokens";
import { registerIngest } from "./surfaces/events/ingest";
import { registerHistoryBenchBaseline } from "./surfaces/history/bench-baseline";
import { registerFindContactByPhone } from "./surfaces/history/find-contact-by-phone";
import { registerGetContact } from "./surfaces/history/get-contact";
import { registerPostContactsBulk } from "./surfaces/history/post-contacts-bulk";
import { registerPostHistoryRevenue } from "./surfaces/history/post-history-revenue";
import { registerPostHistorySends } from "./surfaces/history/post-history-sends";
import { registerPostOffersBulk } from "./surfaces/history/post-offers-bulk";
import { registerBatchRoutes } from "./surfaces/batch/register";
import { registerGetMe } from "./surfaces/identity/get-me";
import { registerHealth } from "./surfaces/ops/health";
import { registerOAuthToken } from "./surfaces/oauth/token";
import { registerOpenApi } from "./surfaces/ops/openapi";
import { registerListRevenue } from "./surfaces/reporting/list-revenue";
import { registerMrr } from "./surfaces/reporting/mrr";
import { registerRevenueSummary } from "./surfaces/reporting/revenue-summary";

/**
 * One drizzle instance per D1 binding object: building it (schema and relations) is not free,
 * and the binding is the same for every request an isolate serves.
 */
const databases = new WeakMap<D1Database, Db>();
function databaseFor(d1: D1Database): Db {
  let db = databases.get(d1);
  if (!db) {
    db = drizzle(d1, { schema });
    databases.set(d1, db);
  }
  return db;
}

/** Turns request validation failures into 400s in the surface's own error shape. */
const validationHook = (result: { success: boolean; error?: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } }) => {
  if (result.success || !result.error) return;
  const issues = result.error.issues.map((i) => ({ field: i.path.map(String).join("."), message: i.message }));
  const first = issues[0];
  throw new ApiError({
    code: "BAD_REQUEST",
    message: first ? `${first.field || "body"}: ${first.message}` : "Invalid request",
    details: issues,
  });
};

/** The app, used as is by the Worker and by the tests. */
export function newApp(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use(requestId);
  app.use(accessLog);
  app.use(methodNotAllowed({ app, onMethodNotAllowed: (c, allowed) => {
    c.header("Allow", allowed.join(", "));
    return renderError(c, new ApiError({ code: "METHOD_NOT_ALLOWED", message: `${c.req.method} is not allowed here; use ${allowed.join(", ")}` }));
  } }));
  app.use(
    createMiddleware<AppEnv>(async function database(c, next) {
      c.set("db", databaseFor(c.env.DB));
      await next();
    }),
  );

  // Admin bodies are small JSON; the surfaces set their own limits on their routes.
  app.use("/admin/*", limitBody(1_048_576));

  app.onError((err, c) => {
    const apiError = toApiError(err);
    if (apiError.status >= 500) {
      console.error(JSON.stringify({ level: "error", requestId: c.get("requestId"), msg: "unhandled error", error: err instanceof Error ? err.stack : String(err) }));
    }
    return renderError(c, apiError);
  });
  app.notFound((c) => renderError(c, new ApiError({ code: "NOT_FOUND", message: `No route for ${c.req.method} ${c.req.path}` })));

  // Operations
  registerHealth(app);
  registerOpenApi(app);
  // Event ingest (Pulsora-compatible)
  registerIngest(app);
  // Bulk history import (Trackly-compatible)
  registerPostContactsBulk(app);
  registerGetContact(app);
  registerFindContactByPhone(app);
  registerPostOffersBulk(app);
  registerPostHistorySends(app);
  registerPostHistoryRevenue(app);
  registerHistoryBenchBaseline(app); // 404 unless HISTORY_BENCH_BASELINE=1 (only bench:history sets it)
  // Account revenue files (CustomerGauge-compatible) and OAuth2 client credentials
  registerAccountRoutes(app);
  // CSV revenue batch jobs (Ruler-compatible)
  registerBatchRoutes(app);
  registerOAuthToken(app);
  // Reporting (native)
  registerGetMe(app);
  registerListRevenue(app);
  registerRevenueSummary(app);
  registerMrr(app);
  // Admin (operators)
  registerAdminSites(app);
  registerAdminTokens(app);
  registerAdminOAuthClients(app);
  registerAdminDeadLetters(app);

  return app;
}
