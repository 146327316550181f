-- What a closed position keeps, and what an open one costs.
--
-- FIFO lots belong to a product's open position only, and the ledger reads them for that position alone.
-- Before this version, a position that closed in a later batch than the one that last wrote its lots kept
-- them, and `tradebook rebuild` reported them as not derived from any fill. They are removed here, once;
-- the ledger now deletes a position's lots when it stops being the open one.
DELETE FROM position_lots
WHERE position_id NOT IN (SELECT open_position_id FROM product_rollups WHERE open_position_id IS NOT NULL);

-- The indexes by closing time hold closed positions only: the pages sorted by closing time read no other,
-- and an open position (found through its rollup) no longer costs two index entries when it opens and two
-- index moves when it closes (about a fifth of a position's write, measured by `tradebook bench`).
DROP INDEX positions_by_bot_closed;
DROP INDEX positions_by_bot_instrument_closed;
CREATE INDEX positions_by_bot_closed ON positions (bot_id, closed_at, id) WHERE closed_at IS NOT NULL;
CREATE INDEX positions_by_bot_instrument_closed ON positions (bot_id, instrument_id, closed_at, id) WHERE closed_at IS NOT NULL;
