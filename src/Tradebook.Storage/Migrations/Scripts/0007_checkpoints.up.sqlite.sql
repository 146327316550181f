-- Checkpoints of each product's book, so that a fill or cash flow older than what the product holds is
-- replayed from the latest checkpoint before it instead of from the product's first fill. A checkpoint at
-- ts holds the book after every fill and cash flow of the product with an earlier time (none at ts itself):
-- open lots, quantity, realized figures, counters, dust, the open position's figures, what the day of ts
-- had gained so far and the fees kept apart. The ledger saves one about every thousand fills, deletes those
-- a late row makes wrong, and saves them again as its replay passes; any of them can be deleted, and is
-- rebuilt. state is a JSON document of exact decimals; checksum is the SHA-256 of ts, fills,
-- open_position_id and state, so that a damaged checkpoint is rebuilt rather than trusted.
CREATE TABLE product_checkpoints (
    bot_id            INTEGER NOT NULL REFERENCES bots (id),
    instrument_id     INTEGER NOT NULL REFERENCES instruments (id),
    ts                TEXT NOT NULL,
    fills             INTEGER NOT NULL,
    open_position_id  INTEGER REFERENCES positions (id) ON DELETE CASCADE,
    state             TEXT NOT NULL,
    checksum          TEXT NOT NULL,
    PRIMARY KEY (bot_id, instrument_id, ts)
);

-- A position deleted by a replay takes the checkpoints that name it along without a scan.
CREATE INDEX product_checkpoints_by_position ON product_checkpoints (open_position_id);
