DROP TABLE product_checkpoints;
