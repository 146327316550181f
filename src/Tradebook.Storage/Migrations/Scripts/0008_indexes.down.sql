DROP INDEX signals_by_bot_ts;
DROP INDEX orders_by_bot_ts;
DROP INDEX product_rollups_by_open_position;
DROP INDEX cash_flows_by_position;
DROP INDEX decision_signals_by_signal;
DROP INDEX orders_by_decision;
DROP INDEX fills_by_order;
