DROP INDEX signals_by_bot_instrument_ts;
DROP INDEX orders_by_bot_instrument_ts;
DROP INDEX positions_by_bot_instrument_closed;
DROP INDEX positions_by_bot_instrument_opened;
CREATE INDEX positions_by_bot_instrument ON positions (bot_id, instrument_id, status);
