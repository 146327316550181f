-- SQLite cannot drop a column that references another table: the table is rebuilt without it.
CREATE TABLE settings_before_0002 (
    scope       TEXT NOT NULL,
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (scope, key)
);
INSERT INTO settings_before_0002 (scope, key, value, updated_at) SELECT scope, key, value, updated_at FROM settings;
DROP TABLE settings;
ALTER TABLE settings_before_0002 RENAME TO settings;
DROP INDEX cash_flows_by_bot_instrument_ts;
