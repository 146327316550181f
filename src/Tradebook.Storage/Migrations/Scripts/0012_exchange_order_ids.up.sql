-- A fill may name its order as the exchange knows it: a ccxt trade's `order`, sent by a bot that never records
-- its orders, or before it records them. The fill keeps that id; it executes the bot's order holding the same
-- exchange order id as soon as one is recorded, whichever comes first.
ALTER TABLE fills ADD COLUMN exchange_order_id TEXT;

-- The fills still waiting for their order: an order recorded with an exchange order id finds them here. A fill
-- that has its order, or names none, is not in it, so the index costs nothing to a bot that records its orders.
CREATE INDEX fills_awaiting_order ON fills (bot_id, exchange_order_id) WHERE exchange_order_id IS NOT NULL AND order_id IS NULL;

-- A fill naming an exchange order id finds the order through this one.
CREATE INDEX orders_by_exchange_id ON orders (bot_id, exchange_order_id) WHERE exchange_order_id IS NOT NULL;
