DROP INDEX positions_by_bot_instrument_closed;
DROP INDEX positions_by_bot_closed;
CREATE INDEX positions_by_bot_closed ON positions (bot_id, closed_at, id);
CREATE INDEX positions_by_bot_instrument_closed ON positions (bot_id, instrument_id, closed_at, id);

-- The lots removed are not put back: they were no open position's, and schema version 9 reads none but an
-- open position's.
