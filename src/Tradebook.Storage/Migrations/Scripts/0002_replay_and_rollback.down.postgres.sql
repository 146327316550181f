ALTER TABLE settings DROP COLUMN import_batch_id;
DROP INDEX cash_flows_by_bot_instrument_ts;
