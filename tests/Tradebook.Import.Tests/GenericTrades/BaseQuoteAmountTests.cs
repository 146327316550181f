using Tradebook.Core.Domain;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.GenericTrades;

namespace Tradebook.Import.Tests.GenericTrades;

/// <summary>
/// Trades stored as two amounts, the coin bought or sold and the quote coin paid or received, with a flag for
/// the side and no price: binance-trade-bot's <c>trade_history</c>, and other spellings through a mapping file.
/// </summary>
public sealed class BaseQuoteAmountTests
{
    /// <summary>The tables binance-trade-bot's SQLAlchemy models create, with rows in each of its trade states.</summary>
    private const string BinanceTradeBot = """
        CREATE TABLE coins (symbol VARCHAR NOT NULL, enabled BOOLEAN, PRIMARY KEY (symbol));
        CREATE TABLE pairs (id INTEGER NOT NULL, from_coin_id VARCHAR, to_coin_id VARCHAR, ratio FLOAT, PRIMARY KEY (id));
        CREATE TABLE current_coin_history (id INTEGER NOT NULL, coin_id VARCHAR, datetime DATETIME, PRIMARY KEY (id));
        CREATE TABLE scout_history (id INTEGER NOT NULL, pair_id INTEGER, target_ratio FLOAT, current_coin_price FLOAT, other_coin_price FLOAT, datetime DATETIME, PRIMARY KEY (id));
        CREATE TABLE trade_history (
            id INTEGER NOT NULL,
            alt_coin_id VARCHAR,
            crypto_coin_id VARCHAR,
            selling BOOLEAN,
            state VARCHAR(8),
            alt_starting_balance FLOAT,
            alt_trade_amount FLOAT,
            crypto_starting_balance FLOAT,
            crypto_trade_amount FLOAT,
            datetime DATETIME,
            PRIMARY KEY (id),
            FOREIGN KEY(alt_coin_id) REFERENCES coins (symbol),
            FOREIGN KEY(crypto_coin_id) REFERENCES coins (symbol));
        INSERT INTO coins VALUES ('ADA', 1), ('DOT', 1), ('USDT', 1);
        INSERT INTO trade_history VALUES (1, 'ADA', 'USDT', 0, 'COMPLETE', 0, 150, 100, 75.6, '2021-05-01 10:00:00.123456');
        INSERT INTO trade_history VALUES (2, 'ADA', 'USDT', 1, 'COMPLETE', 150, 150, 0, 80.25, '2021-05-02 11:30:00.000001');
        INSERT INTO trade_history VALUES (3, 'DOT', 'USDT', 0, 'COMPLETE', 0, 3, 80.25, 100, '2021-05-02 11:31:00.5');
        INSERT INTO trade_history VALUES (4, 'DOT', 'USDT', 1, 'ORDERED', 3, 3, 0, NULL, '2021-05-03 09:00:00');
        INSERT INTO trade_history VALUES (5, 'DOT', 'USDT', 1, 'STARTING', NULL, NULL, NULL, NULL, '2021-05-03 09:00:05');
        """;

    [Fact]
    public void a_binance_trade_bot_database_is_recognised_as_a_trade_table()
    {
        using var db = new ScratchDatabase(BinanceTradeBot);

        Assert.True(new GenericTradesReader().CanRead(db.Path));
        Assert.Equal("sqlite-trades", new SourceDetector().Detect(db.Path).Format);
    }

    [Fact]
    public void each_completed_trade_becomes_a_fill_whose_price_is_the_quote_amount_over_the_coin_amount_exactly()
    {
        using var db = new ScratchDatabase(BinanceTradeBot);

        var set = new GenericTradesReader().Read(db.Path, new ImportOptions());

        Assert.Equal(
            [("ADA/USDT", Side.Buy, 150m, 0.504m), ("ADA/USDT", Side.Sell, 150m, 0.535m), ("DOT/USDT", Side.Buy, 3m, 100m / 3m)],
            set.Fills.Select(f => (f.Symbol, f.Side, f.Quantity, f.Price)));
        Assert.Equal(new DateTimeOffset(2021, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1234560), set.Fills[0].Timestamp);
        Assert.Equal(75.6m, set.Fills[0].Quantity * set.Fills[0].Price);
        Assert.Contains("quoteamount=crypto_trade_amount", set.Source.Generation, StringComparison.Ordinal);
    }

    [Fact]
    public void trades_the_bot_started_or_ordered_but_never_completed_are_rejected_with_their_state()
    {
        using var db = new ScratchDatabase(BinanceTradeBot);

        var set = new GenericTradesReader().Read(db.Path, new ImportOptions());

        Assert.Equal(
            [("trade_history.id=4", "status \"ORDERED\" is not a fill"), ("trade_history.id=5", "status \"STARTING\" is not a fill")],
            set.Rejections.Select(r => (r.SourceRef, r.Reason)));
    }

    public static TheoryData<string, string, string?> Variants => new()
    {
        // Other column names, found without a mapping.
        {
            """
            CREATE TABLE conversions (conversion_id TEXT, base_asset TEXT, quote_asset TEXT, is_buyer INTEGER, base_qty TEXT, quote_qty TEXT, executed_at INTEGER);
            INSERT INTO conversions VALUES ('c1', 'ADA', 'USDT', 1, '150', '75.6', 1619863200);
            INSERT INTO conversions VALUES ('c2', 'ADA', 'USDT', 0, '150', '80.25', 1619955000);
            """,
            "conversions",
            null
        },

        // A mapping names every column: text flags, upper-case names, a sell flag under another name.
        {
            """
            CREATE TABLE "Swaps" ("When" TEXT, "GotCoin" TEXT, "PaidIn" TEXT, "IsSale" TEXT, "Coins" REAL, "Paid" REAL);
            INSERT INTO "Swaps" VALUES ('2021-05-01T10:00:00Z', 'ADA', 'USDT', 'no', 150, 75.6);
            INSERT INTO "Swaps" VALUES ('2021-05-02T11:30:00Z', 'ADA', 'USDT', 'yes', 150, 80.25);
            """,
            "Swaps",
            """{"table": "Swaps", "columns": {"time": "When", "base_asset": "GotCoin", "quote_asset": "PaidIn", "selling": "IsSale", "quantity": "Coins", "quote_amount": "Paid"}}"""
        },

        // A buy flag, the pair as one column after all, and a cost column: only the price is derived.
        {
            """
            CREATE TABLE ledger (ref TEXT, market TEXT, bought TEXT, volume REAL, total REAL, at TEXT);
            INSERT INTO ledger VALUES ('r1', 'ADA/USDT', 'true', 150, 75.6, '2021-05-01 10:00:00');
            INSERT INTO ledger VALUES ('r2', 'ADA/USDT', 'false', 150, 80.25, '2021-05-02 11:30:00');
            """,
            "ledger",
            """{"columns": {"id": "ref", "buying": "bought", "quantity": "volume", "cost": "total", "time": "at"}}"""
        },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void other_spellings_of_two_amount_trades_read_the_same_fills(string sql, string table, string? mapping)
    {
        using var db = new ScratchDatabase(sql);
        var file = mapping is null ? null : db.WriteFile("mapping.json", mapping);

        var set = new GenericTradesReader().Read(db.Path, new ImportOptions(MappingFile: file));

        Assert.Empty(set.Rejections);
        Assert.Equal(
            [("ADA/USDT", Side.Buy, 150m, 0.504m), ("ADA/USDT", Side.Sell, 150m, 0.535m)],
            set.Fills.Select(f => (f.Symbol, f.Side, f.Quantity, f.Price)));
        Assert.StartsWith(table + "(", set.Source.Generation, StringComparison.Ordinal);
    }

    [Fact]
    public void a_flag_that_is_neither_true_nor_false_is_rejected_with_its_value()
    {
        using var db = new ScratchDatabase("""
            CREATE TABLE trade_history (id INTEGER PRIMARY KEY, alt_coin_id TEXT, crypto_coin_id TEXT, selling TEXT, alt_trade_amount REAL, crypto_trade_amount REAL, datetime TEXT);
            INSERT INTO trade_history VALUES (1, 'ADA', 'USDT', 'maybe', 150, 75.6, '2021-05-01 10:00:00');
            """);

        var set = new GenericTradesReader().Read(db.Path, new ImportOptions());

        Assert.Empty(set.Fills);
        Assert.Equal(("trade_history.id=1", "selling \"maybe\" is neither true nor false"), (Assert.Single(set.Rejections).SourceRef, set.Rejections[0].Reason));
    }

    [Fact]
    public void a_table_without_price_or_quote_amount_is_refused_naming_both()
    {
        using var db = new ScratchDatabase("""
            CREATE TABLE trade_history (id INTEGER PRIMARY KEY, alt_coin_id TEXT, crypto_coin_id TEXT, selling INTEGER, alt_trade_amount REAL, datetime TEXT);
            """);

        var error = Assert.Throws<InvalidDataException>(() => new GenericTradesReader().Read(db.Path, new ImportOptions()));

        Assert.Contains("price (or the quote amount)", error.Message, StringComparison.Ordinal);
    }
}
