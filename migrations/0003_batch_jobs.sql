CREATE TABLE `batch_chunks` (
	`job_id` text NOT NULL,
	`chunk_index` integer NOT NULL,
	`byte_start` integer NOT NULL,
	`byte_end` integer NOT NULL,
	`first_row` integer NOT NULL,
	`first_line` integer NOT NULL,
	`row_count` integer NOT NULL,
	`claim` text,
	`done_at` text,
	`success_count` integer,
	`failure_count` integer,
	PRIMARY KEY(`job_id`, `chunk_index`),
	FOREIGN KEY (`job_id`) REFERENCES `batch_jobs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `batch_failures` (
	`job_id` text NOT NULL,
	`row_number` integer NOT NULL,
	`line` integer NOT NULL,
	`fields` text NOT NULL,
	`message` text NOT NULL,
	PRIMARY KEY(`job_id`, `row_number`),
	FOREIGN KEY (`job_id`) REFERENCES `batch_jobs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `batch_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`object_key` text NOT NULL,
	`file_bytes` integer NOT NULL,
	`header` text NOT NULL,
	`total_rows` integer NOT NULL,
	`chunk_count` integer NOT NULL,
	`processed_rows` integer DEFAULT 0 NOT NULL,
	`success_count` integer DEFAULT 0 NOT NULL,
	`failure_count` integer DEFAULT 0 NOT NULL,
	`failure_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`completed_at` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `batch_jobs_site_created_idx` ON `batch_jobs` (`site_id`,`created_at`,`id`);