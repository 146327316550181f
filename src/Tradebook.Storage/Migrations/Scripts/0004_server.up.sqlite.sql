-- What the HTTP server needs: a change log every writer appends to in its own transaction, so that
-- the event stream sees every commit whoever made it; each bot's liveness and lifecycle; the cost
-- and model of an LLM decision; full-text search over decisions.

-- One row per kind of change per bot per transaction, never per row: an import of a million fills
-- appends one entry. AUTOINCREMENT keeps ids from being reused after retention deletes the oldest.
CREATE TABLE change_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    kind    TEXT NOT NULL,
    bot_id  INTEGER REFERENCES bots (id) ON DELETE CASCADE,
    count   INTEGER NOT NULL
);

-- When a bot last wrote or said it was alive, kept with each write so that listing bots never scans
-- history and outlives the change log's retention.
CREATE TABLE bot_activity (
    bot_id             INTEGER PRIMARY KEY REFERENCES bots (id) ON DELETE CASCADE,
    last_write_at      TEXT,
    last_heartbeat_at  TEXT,
    reported_status    TEXT,
    version            TEXT,
    host               TEXT
);

ALTER TABLE bots ADD COLUMN paused_at TEXT;
ALTER TABLE bots ADD COLUMN archived_at TEXT;

ALTER TABLE decisions ADD COLUMN model TEXT;
ALTER TABLE decisions ADD COLUMN provider TEXT;
ALTER TABLE decisions ADD COLUMN prompt_tokens INTEGER;
ALTER TABLE decisions ADD COLUMN response_tokens INTEGER;
ALTER TABLE decisions ADD COLUMN latency_ms INTEGER;
ALTER TABLE decisions ADD COLUMN cost TEXT;

-- Full-text search over what a decision was asked, what it decided and why. External content: the
-- text stays in decisions, the index follows it through the triggers.
CREATE VIRTUAL TABLE decisions_search USING fts5 (inputs, decision, notes, content = 'decisions', content_rowid = 'id');

CREATE TRIGGER decisions_search_insert AFTER INSERT ON decisions BEGIN
    INSERT INTO decisions_search (rowid, inputs, decision, notes) VALUES (new.id, new.inputs, new.decision, new.notes);
END;

CREATE TRIGGER decisions_search_delete AFTER DELETE ON decisions BEGIN
    INSERT INTO decisions_search (decisions_search, rowid, inputs, decision, notes) VALUES ('delete', old.id, old.inputs, old.decision, old.notes);
END;

CREATE TRIGGER decisions_search_update AFTER UPDATE OF inputs, decision, notes ON decisions BEGIN
    INSERT INTO decisions_search (decisions_search, rowid, inputs, decision, notes) VALUES ('delete', old.id, old.inputs, old.decision, old.notes);
    INSERT INTO decisions_search (rowid, inputs, decision, notes) VALUES (new.id, new.inputs, new.decision, new.notes);
END;

INSERT INTO decisions_search (decisions_search) VALUES ('rebuild');

-- Round trips page by (time, id) per bot.
CREATE INDEX positions_by_bot_opened ON positions (bot_id, opened_at, id);
CREATE INDEX positions_by_bot_closed ON positions (bot_id, closed_at, id);
CREATE INDEX decisions_by_bot_ts ON decisions (bot_id, ts, id);
CREATE INDEX equity_snapshots_by_bot_ts ON equity_snapshots (bot_id, ts);
