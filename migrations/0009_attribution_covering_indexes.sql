DROP INDEX `session_customers_customer_idx`;--> statement-breakpoint
CREATE INDEX `session_customers_customer_idx` ON `session_customers` (`site_id`,`customer_id`,`session_id`);--> statement-breakpoint
DROP INDEX `visitor_customers_customer_idx`;--> statement-breakpoint
CREATE INDEX `visitor_customers_customer_idx` ON `visitor_customers` (`site_id`,`customer_id`,`visitor_fingerprint`);