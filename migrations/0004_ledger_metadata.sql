CREATE TABLE `ledger_metadata` (
	`ledger_id` text NOT NULL,
	`site_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`ledger_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `ledger_metadata_site_value_idx` ON `ledger_metadata` (`site_id`,`value`,`ledger_id`);--> statement-breakpoint
CREATE INDEX `ledger_metadata_site_key_value_idx` ON `ledger_metadata` (`site_id`,`key`,`value`,`ledger_id`);