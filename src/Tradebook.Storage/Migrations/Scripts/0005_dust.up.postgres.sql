-- Fee dust: what round trips that ended below the product's dust threshold left over (an exchange's fee
-- taken in the coin bought, an amount rounded down to the lot size). It is held but belongs to no
-- position: signed quantity, its cost at the entry prices and its entry fees.
ALTER TABLE product_rollups ADD COLUMN dust NUMERIC NOT NULL DEFAULT 0;
ALTER TABLE product_rollups ADD COLUMN dust_notional NUMERIC NOT NULL DEFAULT 0;
ALTER TABLE product_rollups ADD COLUMN dust_fees NUMERIC NOT NULL DEFAULT 0;
