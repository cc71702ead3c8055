import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireSiteInPath, requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { rateLimit } from "../../ratelimit/middleware";
import { listJobs } from "./job-store";
import { jobListView } from "./job-view";
import { batchErrorResponses, batchSecurity, jobListItem, siteParam } from "./schemas";

const query = z.object({
  page: z.coerce.number().int().min(1).default(1).openapi({ description: "Page number from 1" }),
  pageSize: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: "Jobs per page (at most 200)" }),
});

export const listJobsRoute = createRoute({
  method: "get",
  path: "/v1/{siteId}/batch/jobs",
  tags: ["Revenue batch jobs"],
  summary: "The site's batch jobs, newest first",
  description: "Paginated with `page` and `pageSize`; `X-Total-Count` gives the number of jobs and `Link` the next page.",
  security: batchSecurity,
  middleware: [requireToken(), rateLimit(), requireSiteInPath()] as const,
  request: { params: siteParam, query },
  responses: {
    200: { description: "One page of jobs", content: { "application/json": { schema: z.array(jobListItem) } } },
    ...batchErrorResponses,
  },
});

export function registerListJobs(app: OpenAPIHono<AppEnv>): void {
  app.openapi(listJobsRoute, async (c) => {
    const { siteId } = c.req.valid("param");
    const { page, pageSize } = c.req.valid("query");
    const { jobs, total } = await listJobs(c.var.db, siteId, pageSize, (page - 1) * pageSize);
    c.header("X-Total-Count", String(total));
    if (page * pageSize < total) {
      const next = new URL(c.req.url);
      next.searchParams.set("page", String(page + 1));
      next.searchParams.set("pageSize", String(pageSize));
      c.header("Link", `<${next.pathname}${next.search}>; rel="next"`);
    }
    return c.json(jobs.map(jobListView), 200);
  });
}
