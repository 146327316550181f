-- The fills keep the orders they were linked to; the exchange's order ids they held are dropped.
DROP INDEX orders_by_exchange_id;
DROP INDEX fills_awaiting_order;
ALTER TABLE fills DROP COLUMN exchange_order_id;
