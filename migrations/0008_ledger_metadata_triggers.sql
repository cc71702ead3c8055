-- Keeps ledger_metadata (the metadata search index of GET /v1/{siteId}/revenue) in step with
-- ledger, for the metadata clients send:
-- - revenue events (source `event`): every scalar leaf of their `metadata`, keyed by its JSON
--   path (`plan`, `buyer.email`, `items[0].sku`);
-- - CSV batch rows and single uploads (`batch`, `single`): the visitor identifiers
--   (`visitor_identifiers.EmailAddress`) and AdditionalDataProperties by name
--   (`additional_data.Source` = `Google`).
-- Account-file and history rows are not indexed: their metadata is the system's own copy of
-- columns (schedule record and dates; message and offer ids), and indexing it would multiply
-- the cost of their large writes. Nulls and values over 256 characters are not indexed.
-- Triggers, so every writer is covered without knowing of it.
CREATE TRIGGER `ledger_metadata_after_insert` AFTER INSERT ON `ledger`
WHEN NEW.`metadata` IS NOT NULL AND NEW.`source` IN ('event', 'batch', 'single') AND json_valid(NEW.`metadata`)
BEGIN
  INSERT OR IGNORE INTO `ledger_metadata` (`ledger_id`, `site_id`, `key`, `value`)
  SELECT NEW.`id`, NEW.`site_id`, m.k, m.v FROM (
    SELECT substr(t.fullkey, 3) AS k,
           CASE t.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(t.atom AS TEXT) END AS v
    FROM json_tree(NEW.`metadata`) AS t
    WHERE NEW.`source` = 'event' AND t.type NOT IN ('object', 'array', 'null')
    UNION ALL
    SELECT 'visitor_identifiers.' || i.key, CAST(i.atom AS TEXT)
    FROM json_each(NEW.`metadata`, '$.visitor_identifiers') AS i
    WHERE NEW.`source` <> 'event' AND i.type NOT IN ('object', 'array', 'null')
    UNION ALL
    SELECT 'additional_data.' || (a.value ->> 'name'), CAST(a.value ->> 'value' AS TEXT)
    FROM json_each(NEW.`metadata`, '$.additional_data') AS a
    WHERE NEW.`source` <> 'event' AND a.type = 'object' AND (a.value ->> 'name') IS NOT NULL AND (a.value ->> 'value') IS NOT NULL
  ) AS m
  WHERE length(m.v) <= 256;
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_metadata_after_delete` AFTER DELETE ON `ledger`
WHEN OLD.`metadata` IS NOT NULL AND OLD.`source` IN ('event', 'batch', 'single') AND json_valid(OLD.`metadata`)
BEGIN
  -- Found through the primary key by the record's own values (every leaf of its metadata).
  DELETE FROM `ledger_metadata`
  WHERE `site_id` = OLD.`site_id` AND `ledger_id` = OLD.`id`
    AND `value` IN (SELECT CASE t.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(t.atom AS TEXT) END
                    FROM json_tree(OLD.`metadata`) AS t WHERE t.type NOT IN ('object', 'array', 'null'));
END;
--> statement-breakpoint
-- No writer changes metadata in place today; should one, the record leaves the index rather
-- than be found by a value it no longer has.
CREATE TRIGGER `ledger_metadata_after_update` AFTER UPDATE OF `metadata` ON `ledger`
WHEN OLD.`metadata` IS NOT NULL AND OLD.`source` IN ('event', 'batch', 'single') AND json_valid(OLD.`metadata`)
BEGIN
  DELETE FROM `ledger_metadata`
  WHERE `site_id` = OLD.`site_id` AND `ledger_id` = OLD.`id`
    AND `value` IN (SELECT CASE t.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(t.atom AS TEXT) END
                    FROM json_tree(OLD.`metadata`) AS t WHERE t.type NOT IN ('object', 'array', 'null'));
END;
--> statement-breakpoint
-- Records stored before this migration.
INSERT OR IGNORE INTO `ledger_metadata` (`ledger_id`, `site_id`, `key`, `value`)
SELECT l.`id`, l.`site_id`, substr(t.fullkey, 3),
       CASE t.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(t.atom AS TEXT) END
FROM `ledger` AS l, json_tree(l.`metadata`) AS t
WHERE l.`source` = 'event' AND l.`metadata` IS NOT NULL AND json_valid(l.`metadata`)
  AND t.type NOT IN ('object', 'array', 'null') AND length(CAST(t.atom AS TEXT)) <= 256
UNION ALL
SELECT l.`id`, l.`site_id`, 'visitor_identifiers.' || i.key, CAST(i.atom AS TEXT)
FROM `ledger` AS l, json_each(l.`metadata`, '$.visitor_identifiers') AS i
WHERE l.`source` IN ('batch', 'single') AND l.`metadata` IS NOT NULL AND json_valid(l.`metadata`)
  AND i.type NOT IN ('object', 'array', 'null') AND length(CAST(i.atom AS TEXT)) <= 256
UNION ALL
SELECT l.`id`, l.`site_id`, 'additional_data.' || (a.value ->> 'name'), CAST(a.value ->> 'value' AS TEXT)
FROM `ledger` AS l, json_each(l.`metadata`, '$.additional_data') AS a
WHERE l.`source` IN ('batch', 'single') AND l.`metadata` IS NOT NULL AND json_valid(l.`metadata`)
  AND a.type = 'object' AND (a.value ->> 'name') IS NOT NULL AND (a.value ->> 'value') IS NOT NULL
  AND length(CAST(a.value ->> 'value' AS TEXT)) <= 256;
