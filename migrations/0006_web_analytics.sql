CREATE TABLE `session_customers` (
	`site_id` text NOT NULL,
	`session_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`first_seen_at` text NOT NULL,
	PRIMARY KEY(`site_id`, `session_id`, `customer_id`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `session_customers_customer_idx` ON `session_customers` (`site_id`,`customer_id`);--> statement-breakpoint
CREATE TABLE `visitor_salts` (
	`day` text PRIMARY KEY NOT NULL,
	`salt` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `web_daily_breakdown` (
	`site_id` text NOT NULL,
	`dimension` text NOT NULL,
	`day` text NOT NULL,
	`value` text NOT NULL,
	`visitors` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `dimension`, `day`, `value`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `web_daily_members` (
	`site_id` text NOT NULL,
	`day` text NOT NULL,
	`dimension` text NOT NULL,
	`value` text NOT NULL,
	`member` text NOT NULL,
	PRIMARY KEY(`site_id`, `day`, `dimension`, `value`, `member`)
);
--> statement-breakpoint
CREATE TABLE `web_daily_totals` (
	`site_id` text NOT NULL,
	`day` text NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	`visitors` integer DEFAULT 0 NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`bot_hits` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `day`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `web_sessions` (
	`site_id` text NOT NULL,
	`session_id` text NOT NULL,
	`visitor_fingerprint` text NOT NULL,
	`started_at` text NOT NULL,
	`landing_event_id` text NOT NULL,
	`landing_path` text,
	`referrer_source` text,
	`utm_source` text,
	`utm_medium` text,
	`utm_campaign` text,
	PRIMARY KEY(`site_id`, `session_id`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `web_sessions_visitor_idx` ON `web_sessions` (`site_id`,`visitor_fingerprint`,`started_at`);--> statement-breakpoint
DROP INDEX `web_events_site_occurred_idx`;--> statement-breakpoint
ALTER TABLE `web_events` ADD `visitor_source` text DEFAULT 'client' NOT NULL;--> statement-breakpoint
ALTER TABLE `web_events` ADD `referrer` text;--> statement-breakpoint
ALTER TABLE `web_events` ADD `referrer_source` text;--> statement-breakpoint
ALTER TABLE `web_events` ADD `title` text;--> statement-breakpoint
ALTER TABLE `web_events` ADD `locale` text;--> statement-breakpoint
ALTER TABLE `web_events` ADD `utm_source` text;--> statement-breakpoint
ALTER TABLE `web_events` ADD `utm_medium` text;--> statement-breakpoint
ALTER TABLE `web_events` ADD `utm_campaign` text;--> statement-breakpoint
ALTER TABLE `web_events` ADD `utm_term` text;--> statement-breakpoint
ALTER TABLE `web_events` ADD `utm_content` text;--> statement-breakpoint
ALTER TABLE `web_events` ADD `is_bot` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `web_events_site_type_idx` ON `web_events` (`site_id`,`type`,`occurred_at`,`id`);--> statement-breakpoint
CREATE INDEX `web_events_site_visitor_idx` ON `web_events` (`site_id`,`visitor_fingerprint`,`occurred_at`,`id`);--> statement-breakpoint
CREATE INDEX `web_events_site_session_idx` ON `web_events` (`site_id`,`session_id`,`occurred_at`,`id`);--> statement-breakpoint
CREATE INDEX `web_events_site_occurred_idx` ON `web_events` (`site_id`,`occurred_at`,`id`);