import type { OpenAPIHono } from "@hono/zod-openapi";
import { swaggerUI } from "@hono/swagger-ui";
import type { AppEnv } from "../../env";

/**
 * /openapi.json is generated from the zod schemas the routes validate with, so every route
 * registered through `app.openapi()` (or `openAPIRegistry.registerPath`) is documented.
 * /docs renders it with Swagger UI (its scripts load from a CDN in the reader's browser).
 */
export function registerOpenApi(app: OpenAPIHono<AppEnv>): void {
  const registry = app.openAPIRegistry;
  registry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", description: "Secret API token or OAuth2 access token" });
  registry.registerComponent("securitySchemes", "apiKey", { type: "apiKey", in: "header", name: "X-Api-Key" });
  registry.registerComponent("securitySchemes", "apiToken", { type: "apiKey", in: "header", name: "X-API-Token" });
  registry.registerComponent("securitySchemes", "admin", { type: "http", scheme: "bearer", description: "ADMIN_TOKEN (operators)" });

  app.doc31("/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: {
      title: "revenue-edge",
      version: "1.0.0",
      description: "Revenue ingestion at the edge: events, bulk history, CSV batch jobs, account revenue files, and reporting on one ledger.",
    },
    servers: [{ url: new URL(c.req.url).origin }],
  }));
  app.get("/docs", swaggerUI({ url: "/openapi.json", title: "revenue-edge API" }));
}
