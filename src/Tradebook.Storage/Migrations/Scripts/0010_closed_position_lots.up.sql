-- FIFO lots belong to a product's open position only, and the ledger reads them for that position alone.
-- Before this version, a position that closed in a later batch than the one that last wrote its lots kept
-- them, and `tradebook rebuild` reported them as not derived from any fill. They are removed here, once;
-- the ledger now deletes a position's lots when it stops being the open one.
DELETE FROM position_lots
WHERE position_id NOT IN (SELECT open_position_id FROM product_rollups WHERE open_position_id IS NOT NULL);
