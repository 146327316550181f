-- A bot's cash flows newest first, a page at a time (GET /api/v1/cash-flows): its account's deposits and
-- withdrawals (no product) and its products' funding alike. The index by product serves the replay, which reads
-- one product's flows in time order.
CREATE INDEX cash_flows_by_bot_ts ON cash_flows (bot_id, ts, id);
