import type { OpenAPIHono } from "@hono/zod-openapi";
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
  registry.registerComponent("securitySchemes", "apiKey", { type: "apiKey", in: "header", name: "X-Api-Key" });
  registry.registerComponent("securitySchemes", "apiToken", { type: "apiKey", in: "header", name: "X-API-Token" });
  registry.registerComponent("securitySchemes", "admin", { type: "http", scheme: "bearer", description: "ADMIN_TOKEN (operators)" });

  app.get("/openapi.json", (c) => {
    const origin = new URL(c.req.url).origin;
    const document = app.getOpenAPI31Document({
      openapi: "3.1.0",
      info: {
        title: "revenue-edge",
        version: "1.0.0",
        description:
          "Revenue ingestion at the edge: events, bulk history, CSV batch jobs, account revenue files, and reporting on one ledger.",
      },
      servers: [{ url: origin }],
    });
    return c.json(addAliasServers(document, surfaces, origin));
  });
  registerDocsPage(app);
}
