ALTER TABLE product_rollups DROP COLUMN unpriced_fills;
