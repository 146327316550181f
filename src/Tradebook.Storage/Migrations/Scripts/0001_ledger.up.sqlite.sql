-- Tradebook's ledger on SQLite.
-- Money and quantities are TEXT holding exact decimals: a NUMERIC column would turn them into
-- binary floats. Timestamps are fixed-width ISO-8601 UTC text, so text order is time order.

CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    email       TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE bots (
    id                INTEGER PRIMARY KEY,
    user_id           INTEGER REFERENCES users (id),
    name              TEXT NOT NULL UNIQUE,
    mode              TEXT NOT NULL CHECK (mode IN ('live', 'paper', 'backtest', 'test')),
    cost_method       TEXT NOT NULL DEFAULT 'average' CHECK (cost_method IN ('average', 'fifo')),
    exchange          TEXT,
    strategy_name     TEXT,
    strategy_version  TEXT,
    config            TEXT,
    created_at        TEXT NOT NULL
);

CREATE TABLE instruments (
    id               INTEGER PRIMARY KEY,
    symbol           TEXT NOT NULL UNIQUE,
    base             TEXT NOT NULL,
    quote            TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('spot', 'perpetual', 'future', 'stock')),
    price_precision  INTEGER,
    qty_precision    INTEGER
);

-- One row per import run; every imported row points here so that a batch can be rolled back.
CREATE TABLE import_batches (
    id           INTEGER PRIMARY KEY,
    source       TEXT NOT NULL,
    format       TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    status       TEXT NOT NULL CHECK (status IN ('running', 'done', 'rolled_back')),
    report       TEXT
);

CREATE TABLE signals (
    id                INTEGER PRIMARY KEY,
    bot_id            INTEGER NOT NULL REFERENCES bots (id),
    external_id       TEXT NOT NULL,
    instrument_id     INTEGER REFERENCES instruments (id),
    ts                TEXT NOT NULL,
    signal            TEXT NOT NULL,
    strength          TEXT,
    price             TEXT,
    payload           TEXT,
    source            TEXT,
    source_ref        TEXT,
    bot_version       TEXT,
    strategy_version  TEXT,
    import_batch_id   INTEGER REFERENCES import_batches (id),
    recorded_at       TEXT NOT NULL,
    UNIQUE (bot_id, external_id),
    UNIQUE (id, bot_id)
);

CREATE TABLE decisions (
    id                INTEGER PRIMARY KEY,
    bot_id            INTEGER NOT NULL REFERENCES bots (id),
    external_id       TEXT NOT NULL,
    ts                TEXT NOT NULL,
    inputs            TEXT,
    decision          TEXT NOT NULL,
    notes             TEXT,
    outcome           TEXT,
    source            TEXT,
    source_ref        TEXT,
    bot_version       TEXT,
    strategy_version  TEXT,
    import_batch_id   INTEGER REFERENCES import_batches (id),
    recorded_at       TEXT NOT NULL,
    UNIQUE (bot_id, external_id),
    UNIQUE (id, bot_id)
);

-- A decision may only cite signals of its own bot.
CREATE TABLE decision_signals (
    decision_id  INTEGER NOT NULL,
    signal_id    INTEGER NOT NULL,
    bot_id       INTEGER NOT NULL,
    PRIMARY KEY (decision_id, signal_id),
    FOREIGN KEY (decision_id, bot_id) REFERENCES decisions (id, bot_id) ON DELETE CASCADE,
    FOREIGN KEY (signal_id, bot_id) REFERENCES signals (id, bot_id) ON DELETE CASCADE
);

CREATE TABLE orders (
    id                 INTEGER PRIMARY KEY,
    bot_id             INTEGER NOT NULL REFERENCES bots (id),
    client_order_id    TEXT NOT NULL,
    exchange_order_id  TEXT,
    instrument_id      INTEGER NOT NULL REFERENCES instruments (id),
    side               TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
    type               TEXT NOT NULL,
    quantity           TEXT NOT NULL,
    price              TEXT,
    status             TEXT NOT NULL,
    decision_id        INTEGER,
    ts                 TEXT NOT NULL,
    source             TEXT,
    source_ref         TEXT,
    bot_version        TEXT,
    strategy_version   TEXT,
    import_batch_id    INTEGER REFERENCES import_batches (id),
    recorded_at        TEXT NOT NULL,
    UNIQUE (bot_id, client_order_id),
    UNIQUE (id, bot_id),
    FOREIGN KEY (decision_id, bot_id) REFERENCES decisions (id, bot_id)
);

-- One row per round trip: a position from flat back to flat. Its fills carry its id.
CREATE TABLE positions (
    id               INTEGER PRIMARY KEY,
    bot_id           INTEGER NOT NULL REFERENCES bots (id),
    instrument_id    INTEGER NOT NULL REFERENCES instruments (id),
    direction        TEXT NOT NULL CHECK (direction IN ('long', 'short')),
    status           TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    opened_at        TEXT NOT NULL,
    closed_at        TEXT,
    quantity         TEXT NOT NULL,
    max_quantity     TEXT NOT NULL,
    entry_notional   TEXT NOT NULL,
    entry_fees       TEXT NOT NULL,
    realized_pnl     TEXT NOT NULL,
    fees             TEXT NOT NULL,
    cash_flow_pnl    TEXT NOT NULL,
    UNIQUE (id, bot_id)
);

CREATE INDEX positions_by_bot_instrument ON positions (bot_id, instrument_id, status);

CREATE TABLE fills (
    id                INTEGER PRIMARY KEY,
    bot_id            INTEGER NOT NULL REFERENCES bots (id),
    external_id       TEXT NOT NULL,
    order_id          INTEGER,
    instrument_id     INTEGER NOT NULL REFERENCES instruments (id),
    side              TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
    quantity          TEXT NOT NULL,
    price             TEXT NOT NULL,
    fee               TEXT NOT NULL,
    fee_currency      TEXT,
    fee_rate          TEXT,
    fee_quote         TEXT NOT NULL,
    ts                TEXT NOT NULL,
    position_id       INTEGER,
    realized_pnl      TEXT NOT NULL,
    source            TEXT,
    source_ref        TEXT,
    bot_version       TEXT,
    strategy_version  TEXT,
    import_batch_id   INTEGER REFERENCES import_batches (id),
    recorded_at       TEXT NOT NULL,
    UNIQUE (bot_id, external_id),
    -- A fill can only execute an order of its own bot, and only belong to its own bot's position.
    FOREIGN KEY (order_id, bot_id) REFERENCES orders (id, bot_id),
    FOREIGN KEY (position_id, bot_id) REFERENCES positions (id, bot_id)
);

CREATE INDEX fills_by_position ON fills (position_id);
CREATE INDEX fills_by_bot_instrument_ts ON fills (bot_id, instrument_id, ts);

-- FIFO lots still open, oldest first (average cost keeps its single lot in product_rollups).
CREATE TABLE position_lots (
    position_id  INTEGER NOT NULL REFERENCES positions (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    quantity     TEXT NOT NULL,
    notional     TEXT NOT NULL,
    fees         TEXT NOT NULL,
    PRIMARY KEY (position_id, seq)
);

CREATE TABLE cash_flows (
    id                INTEGER PRIMARY KEY,
    bot_id            INTEGER NOT NULL REFERENCES bots (id),
    external_id       TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('deposit', 'withdrawal', 'funding', 'interest', 'dividend', 'rebate', 'transfer')),
    instrument_id     INTEGER REFERENCES instruments (id),
    position_id       INTEGER,
    amount            TEXT NOT NULL,
    currency          TEXT NOT NULL,
    ts                TEXT NOT NULL,
    source            TEXT,
    source_ref        TEXT,
    bot_version       TEXT,
    strategy_version  TEXT,
    import_batch_id   INTEGER REFERENCES import_batches (id),
    recorded_at       TEXT NOT NULL,
    UNIQUE (bot_id, external_id),
    FOREIGN KEY (position_id, bot_id) REFERENCES positions (id, bot_id)
);

-- The running state of a bot on an instrument, kept in the same transaction as each fill,
-- so that reading P&L never scans history.
CREATE TABLE product_rollups (
    bot_id                  INTEGER NOT NULL REFERENCES bots (id),
    instrument_id           INTEGER NOT NULL REFERENCES instruments (id),
    open_position_id        INTEGER REFERENCES positions (id),
    quantity                TEXT NOT NULL,
    entry_notional          TEXT NOT NULL,
    entry_fees              TEXT NOT NULL,
    realized_pnl            TEXT NOT NULL,
    fees                    TEXT NOT NULL,
    cash_flow_pnl           TEXT NOT NULL,
    open_position_realized  TEXT NOT NULL,
    trades                  INTEGER NOT NULL,
    wins                    INTEGER NOT NULL,
    fills                   INTEGER NOT NULL,
    last_fill_at            TEXT,
    PRIMARY KEY (bot_id, instrument_id)
);

CREATE TABLE daily_rollups (
    bot_id         INTEGER NOT NULL REFERENCES bots (id),
    instrument_id  INTEGER NOT NULL REFERENCES instruments (id),
    day            TEXT NOT NULL,
    realized_pnl   TEXT NOT NULL,
    fees           TEXT NOT NULL,
    fills          INTEGER NOT NULL,
    trades         INTEGER NOT NULL,
    wins           INTEGER NOT NULL,
    PRIMARY KEY (bot_id, instrument_id, day)
);

-- Fees in a currency that could not be converted: kept apart, per currency, never guessed.
CREATE TABLE unconverted_fees (
    bot_id         INTEGER NOT NULL REFERENCES bots (id),
    instrument_id  INTEGER NOT NULL REFERENCES instruments (id),
    currency       TEXT NOT NULL,
    amount         TEXT NOT NULL,
    PRIMARY KEY (bot_id, instrument_id, currency)
);

CREATE TABLE equity_snapshots (
    id                INTEGER PRIMARY KEY,
    bot_id            INTEGER NOT NULL REFERENCES bots (id),
    ts                TEXT NOT NULL,
    equity            TEXT NOT NULL,
    cash              TEXT,
    currency          TEXT,
    source            TEXT,
    source_ref        TEXT,
    bot_version       TEXT,
    strategy_version  TEXT,
    import_batch_id   INTEGER REFERENCES import_batches (id),
    recorded_at       TEXT NOT NULL,
    UNIQUE (bot_id, ts)
);

CREATE TABLE price_bars (
    instrument_id    INTEGER NOT NULL REFERENCES instruments (id),
    timeframe        TEXT NOT NULL,
    ts               TEXT NOT NULL,
    open             TEXT NOT NULL,
    high             TEXT NOT NULL,
    low              TEXT NOT NULL,
    close            TEXT NOT NULL,
    volume           TEXT,
    import_batch_id  INTEGER REFERENCES import_batches (id),
    PRIMARY KEY (instrument_id, timeframe, ts)
);

CREATE INDEX price_bars_latest ON price_bars (instrument_id, ts);

CREATE TABLE fx_rates (
    base             TEXT NOT NULL,
    quote            TEXT NOT NULL,
    ts               TEXT NOT NULL,
    rate             TEXT NOT NULL,
    import_batch_id  INTEGER REFERENCES import_batches (id),
    PRIMARY KEY (base, quote, ts)
);

CREATE TABLE settings (
    scope       TEXT NOT NULL,
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (scope, key)
);
