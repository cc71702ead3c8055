// Every table, for drizzle(). Tables live one domain per file in ./tables.
export * from "./tables/tenancy";
export * from "./tables/ledger";
export * from "./tables/web-events";
export * from "./tables/operations";
export * from "./tables/history";
export * from "./tables/accounts";
export * from "./tables/batch-jobs";
export * from "./tables/idempotency";
