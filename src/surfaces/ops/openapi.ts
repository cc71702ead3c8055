import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";

/** Everything the docs page may load comes from this origin; nothing from a CDN. */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Swagger UI sets style attributes from its scripts.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  // The document and "Try it out" requests: this API only.
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>revenue-edge API</title>
<link rel="stylesheet" href="/docs/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

/**
 * /openapi.json is generated from the zod schemas the routes validate with, so every route
 * registered through `app.openapi()` (or `openAPIRegistry.registerPath`) is documented.
 * /docs renders it with Swagger UI served from this Worker's own static assets (public/docs/,
 * vendored by `npm run docs:vendor`): no CDN, so it works offline and runs no third-party code
 * on the API's origin; its Content-Security-Policy allows this origin only.
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

  app.get("/docs", (c) =>
    c.html(DOCS_PAGE, 200, {
      "Content-Security-Policy": DOCS_CSP,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    }),
  );
  // Cloudflare serves /docs/* from the static assets before the Worker runs; requests that reach
  // the Worker anyway (tests, a route set to run the Worker first) get the same files.
  app.get("/docs/*", async (c) => {
    const asset = await c.env.ASSETS.fetch(c.req.raw);
    return new Response(asset.body, asset); // a copy: the middleware adds headers (X-Request-Id)
  });
}
