ALTER TABLE product_rollups DROP COLUMN replays;
