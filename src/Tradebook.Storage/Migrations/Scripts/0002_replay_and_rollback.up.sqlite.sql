-- A product's cash flows in time order. The ledger applies fills and cash flows in time order, and
-- must find the latest cash flow of a product without scanning the bot's history to tell whether
-- a fill arrived out of order.
CREATE INDEX cash_flows_by_bot_instrument_ts ON cash_flows (bot_id, instrument_id, ts);

-- The import that created a setting, so that rolling the import back removes it.
ALTER TABLE settings ADD COLUMN import_batch_id INTEGER REFERENCES import_batches (id);
