CREATE TABLE `ledger` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`source` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`external_id` text,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`occurred_at` text NOT NULL,
	`event_type` text,
	`customer_id` text,
	`labels` text,
	`metadata` text,
	`job_id` text,
	`visitor_fingerprint` text,
	`session_id` text,
	`payment_processor` text,
	`subscription_id` text,
	`mrr_impact_minor` integer,
	`is_recurring` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_site_dedupe_uq` ON `ledger` (`site_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `ledger_site_occurred_idx` ON `ledger` (`site_id`,`occurred_at`,`id`);--> statement-breakpoint
CREATE INDEX `ledger_job_idx` ON `ledger` (`job_id`);--> statement-breakpoint
CREATE TABLE `dead_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`queue` text NOT NULL,
	`body` text NOT NULL,
	`attempts` integer NOT NULL,
	`reason` text,
	`received_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`prefix` text NOT NULL,
	`token_hash` text NOT NULL,
	`token_hint` text NOT NULL,
	`name` text,
	`allowed_origins` text,
	`rate_limit` integer,
	`rate_window_seconds` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_site_idx` ON `api_tokens` (`site_id`);--> statement-breakpoint
CREATE TABLE `oauth_clients` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`secret_hash` text NOT NULL,
	`name` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `oauth_clients_site_idx` ON `oauth_clients` (`site_id`);--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`default_currency` text DEFAULT 'USD' NOT NULL,
	`rate_limit` integer NOT NULL,
	`rate_window_seconds` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `visitor_customers` (
	`site_id` text NOT NULL,
	`visitor_fingerprint` text NOT NULL,
	`customer_id` text NOT NULL,
	`first_seen_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	PRIMARY KEY(`site_id`, `visitor_fingerprint`, `customer_id`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `visitor_customers_customer_idx` ON `visitor_customers` (`site_id`,`customer_id`);--> statement-breakpoint
CREATE TABLE `web_events` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`type` text NOT NULL,
	`visitor_fingerprint` text NOT NULL,
	`session_id` text NOT NULL,
	`name` text,
	`url` text,
	`path` text,
	`customer_id` text,
	`properties` text,
	`occurred_at` text NOT NULL,
	`received_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `web_events_site_occurred_idx` ON `web_events` (`site_id`,`occurred_at`);