-- The value a setting had before an import replaced it, so that rolling the import back restores it.
-- settings.import_batch_id now names the import whose write the current value is (NULL when it was
-- written outside an import); until this migration it named the import that created the setting.
CREATE TABLE import_replaced_settings (
    import_batch_id    BIGINT NOT NULL REFERENCES import_batches (id),
    scope              TEXT NOT NULL,
    key                TEXT NOT NULL,
    value              TEXT NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    previous_batch_id  BIGINT REFERENCES import_batches (id),
    PRIMARY KEY (import_batch_id, scope, key)
);
