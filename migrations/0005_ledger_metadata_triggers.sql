-- Keeps ledger_metadata (the metadata search index of GET /v1/{siteId}/revenue) in step with
-- ledger: one row per scalar leaf of metadata; nulls and values over 256 characters are not
-- indexed. Triggers, so every writer (events consumer, history import, batch chunks, single
-- uploads, account files that replace their schedules) is covered without knowing of it.
CREATE TRIGGER `ledger_metadata_after_insert` AFTER INSERT ON `ledger`
WHEN NEW.`metadata` IS NOT NULL AND json_valid(NEW.`metadata`)
BEGIN
  INSERT OR IGNORE INTO `ledger_metadata` (`ledger_id`, `site_id`, `key`, `value`)
  SELECT NEW.`id`, NEW.`site_id`, substr(t.fullkey, 3),
         CASE t.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(t.atom AS TEXT) END
  FROM json_tree(NEW.`metadata`) AS t
  WHERE t.type NOT IN ('object', 'array', 'null') AND length(CAST(t.atom AS TEXT)) <= 256;
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_metadata_after_delete` AFTER DELETE ON `ledger`
WHEN OLD.`metadata` IS NOT NULL
BEGIN
  DELETE FROM `ledger_metadata` WHERE `ledger_id` = OLD.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_metadata_after_update` AFTER UPDATE OF `metadata` ON `ledger`
BEGIN
  DELETE FROM `ledger_metadata` WHERE `ledger_id` = OLD.`id`;
  INSERT OR IGNORE INTO `ledger_metadata` (`ledger_id`, `site_id`, `key`, `value`)
  SELECT NEW.`id`, NEW.`site_id`, substr(t.fullkey, 3),
         CASE t.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(t.atom AS TEXT) END
  FROM json_tree(NEW.`metadata`) AS t
  WHERE NEW.`metadata` IS NOT NULL AND json_valid(NEW.`metadata`)
    AND t.type NOT IN ('object', 'array', 'null') AND length(CAST(t.atom AS TEXT)) <= 256;
END;
--> statement-breakpoint
-- Records stored before this migration.
INSERT OR IGNORE INTO `ledger_metadata` (`ledger_id`, `site_id`, `key`, `value`)
SELECT l.`id`, l.`site_id`, substr(t.fullkey, 3),
       CASE t.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(t.atom AS TEXT) END
FROM `ledger` AS l, json_tree(l.`metadata`) AS t
WHERE l.`metadata` IS NOT NULL AND json_valid(l.`metadata`)
  AND t.type NOT IN ('object', 'array', 'null') AND length(CAST(t.atom AS TEXT)) <= 256;
