ALTER TABLE product_rollups DROP COLUMN dust_fees;
ALTER TABLE product_rollups DROP COLUMN dust_notional;
ALTER TABLE product_rollups DROP COLUMN dust;
