DROP INDEX cash_flows_by_bot_ts;
