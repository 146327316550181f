-- Deleting a row that others reference makes the engine look for those references, for every deleted
-- row. Without an index on the referencing column that look is a scan of the whole referencing table:
-- rolling back an import scanned every other fill once per order it removed, and a replay scanned every
-- cash flow once per position it deleted. Each foreign key to a table whose rows are deleted now has an
-- index that starts with the column naming the referenced row. Rows that name none (a fill without an
-- order, a cash flow outside any position) are left out of these indexes: an equality on the column
-- implies it is not null, so the lookups still use them, and a fill recorded without an order costs
-- nothing more to insert.
CREATE INDEX fills_by_order ON fills (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX orders_by_decision ON orders (decision_id) WHERE decision_id IS NOT NULL;
CREATE INDEX decision_signals_by_signal ON decision_signals (signal_id);
CREATE INDEX cash_flows_by_position ON cash_flows (position_id) WHERE position_id IS NOT NULL;
CREATE INDEX product_rollups_by_open_position ON product_rollups (open_position_id) WHERE open_position_id IS NOT NULL;

-- A page of a bot's orders or signals, newest first, is read from its bot's entries of these in (time,
-- id) order, from the cursor on: a page costs its rows, not a sort of the bot's whole history (an export,
-- 500 rows at a time, sorted what was left of them for every page). A page across bots reads each bot's
-- page and merges them (Storage/Reads/PageSql); fills are paged product by product through the index
-- the ledger already keeps, so that no write of a fill pays for one more.
CREATE INDEX orders_by_bot_ts ON orders (bot_id, ts);
CREATE INDEX signals_by_bot_ts ON signals (bot_id, ts);
