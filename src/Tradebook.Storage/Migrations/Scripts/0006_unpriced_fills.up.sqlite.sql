-- Fills at price 0: the source held no price for them, so the product's P&L cannot be known and reports
-- show it as unknown. Counted with every write from now on; counted here once for the fills already held.
-- A price is TEXT holding an exact decimal, which may be written 0, 0.0 or 0E-8: compared as a number.
ALTER TABLE product_rollups ADD COLUMN unpriced_fills INTEGER NOT NULL DEFAULT 0;
UPDATE product_rollups
SET unpriced_fills = (SELECT count(*) FROM fills f WHERE f.bot_id = product_rollups.bot_id AND f.instrument_id = product_rollups.instrument_id AND CAST(f.price AS REAL) = 0)
WHERE EXISTS (SELECT 1 FROM fills f WHERE f.bot_id = product_rollups.bot_id AND f.instrument_id = product_rollups.instrument_id AND CAST(f.price AS REAL) = 0);
