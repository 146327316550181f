-- A page of round trips, orders or signals of one product, newest first, is read from that product's
-- entries of these in (time, id) order. Before, only a bot's entries were ordered by time, so a product
-- that a bot traded rarely was found by walking all of that bot's round trips or orders for its few (15 to
-- 60 ms at 250,000 fills a bot, and growing with the history). The index on a position's product and
-- status gives way to the one on its product and opening time, which serves the same lookups.
DROP INDEX positions_by_bot_instrument;
CREATE INDEX positions_by_bot_instrument_opened ON positions (bot_id, instrument_id, opened_at, id);
CREATE INDEX positions_by_bot_instrument_closed ON positions (bot_id, instrument_id, closed_at, id);
CREATE INDEX orders_by_bot_instrument_ts ON orders (bot_id, instrument_id, ts, id);
CREATE INDEX signals_by_bot_instrument_ts ON signals (bot_id, instrument_id, ts, id) WHERE instrument_id IS NOT NULL;
