// The column set of a revenue batch file (contract §5). Names are case-sensitive.

export const VISITOR_ID_COLUMNS = ["RaId", "EmailAddress", "PhoneNumber", "PayloadValue"] as const;
export type VisitorIdColumn = (typeof VISITOR_ID_COLUMNS)[number];

/** Columns that appear at most once. `Label` is the one column that may repeat. */
export const SINGLE_COLUMNS = [
  "RevenueClosedDate",
  "CurrencyCode",
  "Value",
  ...VISITOR_ID_COLUMNS,
  "LeadDate",
  "Reference",
  "AdditionalDataProperties",
] as const;
export type SingleColumn = (typeof SINGLE_COLUMNS)[number];

export const LABEL_COLUMN = "Label";
export type RevenueColumn = SingleColumn | typeof LABEL_COLUMN;

export const REQUIRED_COLUMNS = ["RevenueClosedDate", "CurrencyCode", "Value", "Label", "Reference"] as const;

/** Column order of the template and of the failures report. */
export const TEMPLATE_COLUMNS: readonly RevenueColumn[] = [
  "RevenueClosedDate",
  "CurrencyCode",
  "Value",
  "RaId",
  "EmailAddress",
  "PhoneNumber",
  "PayloadValue",
  "LeadDate",
  "Label",
  "Reference",
  "AdditionalDataProperties",
];
