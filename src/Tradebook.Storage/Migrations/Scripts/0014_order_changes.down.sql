-- The orders keep their statuses; when they changed, and by which batch, is forgotten.
ALTER TABLE orders DROP COLUMN changed_by_import_batch_id;
ALTER TABLE orders DROP COLUMN changed_at;
