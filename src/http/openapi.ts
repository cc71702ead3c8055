import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { registerDocsPage } from "./docs-page";
import type { Surface } from "./surface";

type Document = ReturnType<OpenAPIHono<AppEnv>["getOpenAPI31Document"]>;

/**
 * A surface served under more than one prefix is documented once, at its first prefix; each
 * other prefix becomes an alternative server of those paths (`/api/v2/x` = server `…/api` +
 * path `/v2/x`), so an alias must end with the documented prefix.
 */
function addAliasServers(document: Document, surfaces: readonly Surface[], origin: string): Document {
  const paths = document.paths ?? {};
  for (const surface of surfaces) {
    const [documented, ...aliases] = surface.basePaths;
    if (documented === undefined || aliases.length === 0) continue;
    const servers = [{ url: origin }];
    for (const alias of aliases) {
      if (!alias.endsWith(documented)) throw new Error(`alias ${alias} of ${surface.name} does not end with ${documented}`);
      servers.push({ url: origin + alias.slice(0, alias.length - documented.length) });
    }
    for (const [path, item] of Object.entries(paths)) {
      if (item && path.startsWith(`${documented}/`)) item.servers = servers;
    }
  }
  return document;
}

/** The document's tags, in the order of the surfaces (README). */
const TAGS = [
  { name: "Events", description: "Single events from websites and servers, queued (Pulsora-compatible)" },
  {
    name: "History",
    description: "Bulk history import: contacts, offers, sends and revenue (Trackly-compatible; also served under /api/v2)",
  },
  { name: "Revenue batch jobs", description: "CSV revenue files processed as jobs, and single records (Ruler-compatible)" },
  { name: "Account revenue files", description: "Account revenue files expanded into monthly schedules (CustomerGauge-compatible)" },
  { name: "OAuth2", description: "Client credentials: access tokens that act as a secret token of the client's site" },
  { name: "Reporting", description: "The ledger, its totals and MRR movements (native API)" },
  { name: "Admin", description: "Sites, tokens, OAuth2 clients and dead letters, for operators (native API)" },
  { name: "Operations", description: "Health and this document" },
];

const documentRoute = createRoute({
  method: "get",
  path: "/openapi.json",
  operationId: "getOpenApiDocument",
  tags: ["Operations"],
  summary: "This OpenAPI 3.1 document, generated from the schemas the routes validate with",
  security: [],
  responses: {
    200: {
      description: "The document",
      content: {
        "application/json": {
          schema: z.record(z.string(), z.unknown()).openapi("OpenApiDocument", { description: "An OpenAPI 3.1 document" }),
        },
      },
    },
  },
});

/**
 * /openapi.json is generated from the zod schemas the routes validate with, so every route
 * registered through `app.openapi()` is documented as it is enforced.
 * /docs renders it with Swagger UI served from the Worker's own assets (docs-page.ts).
 */
export function registerOpenApi(app: OpenAPIHono<AppEnv>, surfaces: readonly Surface[]): void {
  const registry = app.openAPIRegistry;
  registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "Secret API token or OAuth2 access token",
  });
  registry.registerComponent("securitySchemes", "apiKey", {
    type: "apiKey",
    in: "header",
    name: "X-Api-Key",
    description: "Secret API token",
  });
  registry.registerComponent("securitySchemes", "apiToken", {
    type: "apiKey",
    in: "header",
    name: "X-API-Token",
    description: "Secret or public API token",
  });
  registry.registerComponent("securitySchemes", "admin", { type: "http", scheme: "bearer", description: "ADMIN_TOKEN (operators)" });

  app.openapi(documentRoute, (c) => {
    const origin = new URL(c.req.url).origin;
    const document = app.getOpenAPI31Document({
      openapi: "3.1.0",
      info: {
        title: "revenue-edge",
        version: "1.0.0",
        description:
          "Revenue ingestion at the edge: events, bulk history, CSV batch jobs, account revenue files, and reporting on one ledger. " +
          "Every response carries X-Request-Id. Each compatible surface answers errors in the shape of the API it is compatible with.",
        license: { name: "Proprietary" },
      },
      servers: [{ url: origin, description: "This deployment" }],
      tags: TAGS,
    });
    // Described as a plain object: the document of a document would be the OpenAPI schema itself.
    return c.json(addAliasServers(document, surfaces, origin) as unknown as Record<string, unknown>, 200);
  });
  registerDocsPage(app);
}
