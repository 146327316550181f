-- How many times each product's derived rows (positions, rollups, days) were derived again from its fills: by a
-- late fill or cash flow, a changed dust setting, a rolled-back import or `tradebook rebuild`. Recording in time
-- order only adds round trips after the last one, and leaves it as it was; so a reader that kept what it read of
-- a product's round trips (the server's metrics) reads only those added since while this stays the same, and
-- all of them again when it changed. The rows already held count as never replayed.
ALTER TABLE product_rollups ADD COLUMN replays BIGINT NOT NULL DEFAULT 0;
