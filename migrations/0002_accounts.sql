CREATE TABLE `account_files` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`sha256` text NOT NULL,
	`r2_key` text NOT NULL,
	`filename` text,
	`format` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`record_count` integer NOT NULL,
	`first_uploaded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`last_uploaded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `account_files_site_sha_uq` ON `account_files` (`site_id`,`sha256`);--> statement-breakpoint
CREATE TABLE `account_schedules` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`account_id` text NOT NULL,
	`file_id` text NOT NULL,
	`record` integer NOT NULL,
	`identity_key` text NOT NULL,
	`seq` integer NOT NULL,
	`type` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`description` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`file_id`) REFERENCES `account_files`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `account_schedules_identity_uq` ON `account_schedules` (`site_id`,`identity_key`,`seq`);--> statement-breakpoint
CREATE INDEX `account_schedules_account_idx` ON `account_schedules` (`site_id`,`account_id`,`start_date`);--> statement-breakpoint
CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`name_key` text NOT NULL,
	`display_name` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `accounts_site_key_uq` ON `accounts` (`site_id`,`name_key`);