import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";

const health = z.object({ status: z.literal("ok") }).openapi("Health");

export type HealthResponse = z.infer<typeof health>;

const healthRoute = createRoute({
  method: "get",
  path: "/healthz",
  operationId: "getHealth",
  tags: ["Operations"],
  summary: "Liveness: answers without auth and without touching storage",
  security: [],
  responses: { 200: { description: "Alive", content: { "application/json": { schema: health } } } },
});

export function registerHealth(app: OpenAPIHono<AppEnv>): void {
  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const }, 200));
}
