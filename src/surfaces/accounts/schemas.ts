import { z } from "@hono/zod-openapi";

export const accountsSecurity: Array<Record<string, string[]>> = [{ accountApiKey: [] }, { bearer: [] }];

export const accountFileError = z
  .object({
    record: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "Record number from 1 (a header row is not counted); null for the file as a whole" }),
    field: z.string().nullable().openapi({ description: "account, amount, start_date, end_date, type, description, record or file" }),
    message: z.string(),
  })
  .openapi("AccountFileError");

export const accountsFailure = z
  .object({ Data: z.literal(false), Errors: z.array(accountFileError) })
  .openapi("AccountsFailure", { description: "The same content as XML on the .xml routes: <response><Data>false</Data><Errors><Error>…" });

export const accountsErrorResponses = {
  400: {
    description: "Refused; nothing was stored",
    content: { "application/json": { schema: accountsFailure }, "application/xml": { schema: z.string() } },
  },
  401: { description: "Missing or invalid credentials", content: { "application/json": { schema: accountsFailure } } },
  403: { description: "A public token", content: { "application/json": { schema: accountsFailure } } },
  429: { description: "Rate limited (Retry-After)", content: { "application/json": { schema: accountsFailure } } },
} as const;
