import { OpenAPIHono } from "@hono/zod-openapi";
import { drizzle } from "drizzle-orm/d1";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { methodNotAllowed } from "hono/method-not-allowed";
import * as schema from "./db/schema";
import type { AppEnv, Db } from "./env";
import { accessLog } from "./http/access-log";
import { errorRendererFor } from "./http/error-rendering";
import { ApiError, toApiError } from "./http/errors";
import { registerOpenApi } from "./http/openapi";
import { requestId } from "./http/request-id";
import type { Surface } from "./http/surface";
import { nativeValidationHook } from "./http/validation-hook";
import { surfaces as allSurfaces } from "./surfaces";

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

/**
 * Mounts a surface under each of its base paths. Each mount is a sub-app whose default hook is
 * the surface's, so validation failures are worded in the surface's wire shape. The first base
 * path is documented; the others are aliases mounted through a plain Hono wrapper, which routes
 * the same handlers without adding their operations to the document a second time.
 */
function mountSurface(app: OpenAPIHono<AppEnv>, surface: Surface): void {
  surface.basePaths.forEach((basePath, i) => {
    const sub = new OpenAPIHono<AppEnv>({ defaultHook: surface.validationHook ?? nativeValidationHook });
    surface.register(sub);
    const mountPath = basePath === "" ? "/" : basePath;
    if (i === 0) app.route(mountPath, sub);
    else app.route(mountPath, new Hono<AppEnv>().route("/", sub));
  });
}

/** The app, used as is by the Worker and by the tests (and by bench entries with extra routes). */
export function newApp(surfaces: readonly Surface[] = allSurfaces): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: nativeValidationHook });
  const renderError = errorRendererFor(surfaces);

  app.use(requestId);
  app.use(accessLog);
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, allowed) => {
        c.header("Allow", allowed.join(", "));
        return renderError(
          c,
          new ApiError({ code: "METHOD_NOT_ALLOWED", message: `${c.req.method} is not allowed here; use ${allowed.join(", ")}` }),
        );
      },
    }),
  );
  app.use(
    createMiddleware<AppEnv>(async function database(c, next) {
      c.set("db", databaseFor(c.env.DB));
      await next();
    }),
  );

  app.onError((err, c) => {
    const apiError = toApiError(err);
    if (apiError.status >= 500) {
      console.error(
        JSON.stringify({
          level: "error",
          requestId: c.get("requestId"),
          msg: "unhandled error",
          error: err instanceof Error ? err.stack : String(err),
        }),
      );
    }
    return renderError(c, apiError);
  });
  app.notFound((c) => renderError(c, new ApiError({ code: "NOT_FOUND", message: `No route for ${c.req.method} ${c.req.path}` })));

  registerOpenApi(app, surfaces);
  for (const surface of surfaces) mountSurface(app, surface);
  return app;
}
