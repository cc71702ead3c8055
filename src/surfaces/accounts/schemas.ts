import { z } from "@hono/zod-openapi";
import { type ErrorStatus, errorResponses, INTERNAL_ERROR, RATE_LIMITER_UNAVAILABLE } from "../../http/error-responses";

export const accountsSecurity: Array<Record<string, string[]>> = [{ accountApiKey: [] }, { bearer: [] }];

// Bodies of the account surface are JSON, or the same content as XML on the `.xml` routes
// (./xml-body.ts): the root element is `response`, objects are elements named by their keys,
// array items are `Error` (in `Errors`) or `item`. The `xml` hints below say so in the document.

export const accountFileError = z
  .object({
    record: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Record number from 1 (a header row is not counted); null for the file as a whole" }),
    field: z
      .string()
      .nullable()
      .openapi({ description: "account, amount, start_date, end_date, type, description, record, file, or a query parameter" }),
    message: z.string(),
  })
  .openapi("AccountFileError", { xml: { name: "Error" } });

export const accountsFailure = z
  .object({ Data: z.literal(false), Errors: z.array(accountFileError).openapi({ xml: { wrapped: true } }) })
  .openapi("AccountsFailure", {
    description: "CustomerGauge's error body; the same content as XML on the .xml routes: <response><Data>false</Data><Errors><Error>…",
    xml: { name: "response" },
  });

/** The body of an `.xml` route or of a JSON one. */
export const accountsContent = (xml: boolean, schema: z.ZodType): Record<string, { schema: z.ZodType }> => ({
  [xml ? "application/xml" : "application/json"]: { schema },
});

/** The surface's error responses, by status, as JSON or (`xml`) as XML. */
export const accountsErrors = <D extends Partial<Record<ErrorStatus, string>>>(xml: boolean, descriptions: D) =>
  errorResponses(accountsContent(xml, accountsFailure), descriptions);

/** Responses every route of the surface can give. */
export const commonErrors = {
  401: "Missing or invalid credentials",
  403: "A public token",
  429: "Rate limited, or too many failed authentications from this address",
  500: INTERNAL_ERROR,
  503: RATE_LIMITER_UNAVAILABLE,
} as const;
