-- When an order's status (or a price, exchange id or decision it lacked) last changed after it was recorded, and the
-- import batch that changed it, if an import did: rolling back the batch that imported the order would lose a change
-- made since by anyone else, and is refused. No foreign key: SQLite cannot drop a column one names, and batches are
-- never deleted.
ALTER TABLE orders ADD COLUMN changed_at TEXT;
ALTER TABLE orders ADD COLUMN changed_by_import_batch_id INTEGER;
