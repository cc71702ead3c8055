// Every table, for drizzle(). Tables live one domain per file in ./tables.

export * from "./tables/accounts";
export * from "./tables/batch-jobs";
export * from "./tables/history";
export * from "./tables/idempotency";
export * from "./tables/ledger";
export * from "./tables/ledger-metadata";
export * from "./tables/operations";
export * from "./tables/tenancy";
export * from "./tables/web-analytics";
export * from "./tables/web-events";
