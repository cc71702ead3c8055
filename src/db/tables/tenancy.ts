import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { isoNow } from "../columns";

/** A tenant. Everything else hangs off a site and is never visible across sites. */
export const sites = sqliteTable("sites", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  defaultCurrency: text("default_currency").notNull().default("USD"),
  /** Default rate limit for this site's tokens (requests per window). */
  rateLimit: integer("rate_limit").notNull(),
  rateWindowSeconds: integer("rate_window_seconds").notNull(),
  createdAt: text("created_at").notNull().default(isoNow),
});

/** API tokens. Only a SHA-256 hash of the clear token is kept. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    kind: text("kind", { enum: ["secret", "public"] }).notNull(),
    prefix: text("prefix", { enum: ["sec", "trk", "pub"] }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** Last four characters, so operators can tell tokens apart without the secret. */
    tokenHint: text("token_hint").notNull(),
    name: text("name"),
    /** JSON array of allowed browser origins (public tokens); null = any origin. */
    allowedOrigins: text("allowed_origins", { mode: "json" }).$type<string[]>(),
    /** Per-token override of the site's rate limit; both null = site default. */
    rateLimit: integer("rate_limit"),
    rateWindowSeconds: integer("rate_window_seconds"),
    createdAt: text("created_at").notNull().default(isoNow),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("api_tokens_site_idx").on(t.siteId)],
);

/** OAuth2 client-credentials clients; the secret is kept as a hash. */
export const oauthClients = sqliteTable(
  "oauth_clients",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    secretHash: text("secret_hash").notNull(),
    name: text("name"),
    createdAt: text("created_at").notNull().default(isoNow),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("oauth_clients_site_idx").on(t.siteId)],
);
