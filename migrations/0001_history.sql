CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`phone_number` text NOT NULL,
	`list_number` text,
	`custom_fields` text,
	`signup_date` text,
	`revenue_total_minor` integer DEFAULT 0 NOT NULL,
	`conversion_count` integer DEFAULT 0 NOT NULL,
	`last_revenue_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_site_phone_uq` ON `contacts` (`site_id`,`phone_number`);--> statement-breakpoint
CREATE TABLE `messages` (
	`site_id` text NOT NULL,
	`message_id` text NOT NULL,
	`phone_number` text NOT NULL,
	`offer_id` text,
	`sent_at` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`site_id`, `message_id`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`site_id`,`offer_id`) REFERENCES `offers`(`site_id`,`offer_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `messages_site_phone_idx` ON `messages` (`site_id`,`phone_number`);--> statement-breakpoint
CREATE TABLE `offers` (
	`site_id` text NOT NULL,
	`offer_id` text NOT NULL,
	`name` text,
	`payout_minor` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`site_id`, `offer_id`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
