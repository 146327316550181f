-- When an order's status (or a price, exchange id or decision it lacked) last changed after it was recorded, and the
-- import batch that changed it, if an import did: rolling back the batch that imported the order would lose a change
-- made since by anyone else, and is refused. No foreign key, as on SQLite (which cannot drop a column one names);
-- batches are never deleted.
ALTER TABLE orders ADD COLUMN changed_at TIMESTAMPTZ;
ALTER TABLE orders ADD COLUMN changed_by_import_batch_id BIGINT;
