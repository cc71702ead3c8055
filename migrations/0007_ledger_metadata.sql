CREATE TABLE `ledger_metadata` (
	`site_id` text NOT NULL,
	`value` text NOT NULL,
	`key` text NOT NULL,
	`ledger_id` text NOT NULL,
	PRIMARY KEY(`site_id`, `value`, `key`, `ledger_id`)
);
