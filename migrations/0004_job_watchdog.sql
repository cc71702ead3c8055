ALTER TABLE `batch_jobs` ADD `recovery_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `batch_jobs` ADD `recovered_at` text;--> statement-breakpoint
CREATE INDEX `batch_jobs_live_idx` ON `batch_jobs` (`status`) WHERE status IN ('pending', 'processing');