import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { desc, lt } from "drizzle-orm";
import { deadLetters } from "../../db/schema";
import type { AppEnv } from "../../env";
import { requireAdmin } from "./require-admin";
import { adminSecurity } from "./schemas";

const deadLetter = z
  .object({
    id: z.string(),
    queue: z.string(),
    body: z.unknown(),
    attempts: z.number().int(),
    reason: z.string().nullable(),
    received_at: z.string(),
  })
  .openapi("DeadLetter");

const listDeadLettersRoute = createRoute({
  method: "get",
  path: "/admin/dead-letters",
  tags: ["Admin"],
  summary: "Queue messages that exhausted their retries or could not be decoded, newest first",
  security: adminSecurity,
  middleware: [requireAdmin] as const,
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      before: z.string().optional().openapi({ description: "received_at of the last record of the previous page" }),
    }),
  },
  responses: { 200: { description: "Dead letters", content: { "application/json": { schema: z.object({ data: z.array(deadLetter) }) } } } },
});

export function registerAdminDeadLetters(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listDeadLettersRoute, async (c) => {
    const { limit, before } = c.req.valid("query");
    const rows = await c.var.db
      .select()
      .from(deadLetters)
      .where(before ? lt(deadLetters.receivedAt, before) : undefined)
      .orderBy(desc(deadLetters.receivedAt))
      .limit(limit);
    const data = rows.map((r) => ({
      id: r.id,
      queue: r.queue,
      body: JSON.parse(r.body) as unknown,
      attempts: r.attempts,
      reason: r.reason,
      received_at: r.receivedAt,
    }));
    return c.json({ data }, 200);
  });
}
