import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requireSiteInPath, requireToken } from "../../auth/middleware";
import type { AppEnv } from "../../env";
import { TEMPLATE_COLUMNS } from "../../formats/revenue-csv/columns";
import { csvLine } from "../../http/csv-writer";
import { rateLimit } from "../../ratelimit/middleware";
import { batchErrorResponses, batchSecurity, siteParam } from "./schemas";

/** One example row, valid as it stands (a past date, USD with 2 decimals, one identifier). */
const EXAMPLE: Record<(typeof TEMPLATE_COLUMNS)[number], string> = {
  RevenueClosedDate: "2024-01-31T14:30:00",
  CurrencyCode: "USD",
  Value: "1499.99",
  RaId: "",
  EmailAddress: "jane.doe@example.com",
  PhoneNumber: "",
  PayloadValue: "",
  LeadDate: "2024-01-02",
  Label: "Deal",
  Reference: "INV-0001",
  AdditionalDataProperties: "Name=Source,Value=Google;Name=Campaign,Value=Spring",
};

export const templateCsv = csvLine(TEMPLATE_COLUMNS) + csvLine(TEMPLATE_COLUMNS.map((c) => EXAMPLE[c]));

export const getTemplateRoute = createRoute({
  method: "get",
  path: "/v1/{siteId}/revenue/template",
  tags: ["Revenue batch jobs"],
  summary: "revenue_template.csv: the header row and one example row",
  security: batchSecurity,
  middleware: [requireToken(), rateLimit(), requireSiteInPath()] as const,
  request: { params: siteParam },
  responses: {
    200: { description: "The template", content: { "text/csv": { schema: z.string().openapi({ example: templateCsv }) } } },
    ...batchErrorResponses,
  },
});

export function registerGetTemplate(app: OpenAPIHono<AppEnv>): void {
  app.openapi(getTemplateRoute, (c) =>
    c.body(templateCsv, 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="revenue_template.csv"',
    }),
  );
}
