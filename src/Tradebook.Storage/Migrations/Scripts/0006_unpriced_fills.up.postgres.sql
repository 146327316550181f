-- Fills at price 0: the source held no price for them, so the product's P&L cannot be known and reports
-- show it as unknown. Counted with every write from now on; counted here once for the fills already held.
ALTER TABLE product_rollups ADD COLUMN unpriced_fills INTEGER NOT NULL DEFAULT 0;
UPDATE product_rollups r
SET unpriced_fills = (SELECT count(*) FROM fills f WHERE f.bot_id = r.bot_id AND f.instrument_id = r.instrument_id AND f.price = 0)
WHERE EXISTS (SELECT 1 FROM fills f WHERE f.bot_id = r.bot_id AND f.instrument_id = r.instrument_id AND f.price = 0);
