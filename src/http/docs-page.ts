// GET /docs: Swagger UI, served from this Worker's own static assets (docs-ui/, vendored by
// `npm run docs:vendor`, copied to /docs/ by the console build): no CDN, so it works offline and
// runs no third-party code on the API's origin; the page's Content-Security-Policy allows this
// origin only (README § Security).
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";

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

const docsRoute = createRoute({
  method: "get",
  path: "/docs",
  operationId: "getApiDocsPage",
  tags: ["Operations"],
  summary: "A page that renders /openapi.json (Swagger UI)",
  security: [],
  responses: { 200: { description: "The page", content: { "text/html": { schema: z.string() } } } },
});

/** GET /docs, and the files under /docs/ for requests that reach the Worker (tests). */
export function registerDocsPage(app: OpenAPIHono<AppEnv>): void {
  app.openapi(docsRoute, (c) =>
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
