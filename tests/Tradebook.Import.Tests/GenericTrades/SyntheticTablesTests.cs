using Tradebook.Core.Domain;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.GenericTrades;

namespace Tradebook.Import.Tests.GenericTrades;

public sealed class SyntheticTablesTests
{
    private readonly GenericTradesReader _reader = new();

    [Fact]
    public void odd_column_names_import_through_a_mapping_file()
    {
        using var db = new ScratchDatabase("""
            CREATE TABLE journal (n INTEGER PRIMARY KEY, instr TEXT, dir TEXT, units TEXT, px REAL, cost REAL, stamp TEXT, ref TEXT);
            INSERT INTO journal VALUES (1, 'BTC/USDT', 'B', '0.5', 60000.5, 1.25, '2024-03-01T10:00:00Z', 'x-1');
            INSERT INTO journal VALUES (2, 'BTC/USDT', 'S', '0.5', 61000, 1.5, '2024-03-02T10:00:00+02:00', 'x-2');
            """);
        var mapping = db.WriteFile("map.json", """
            {"table": "journal",
             "columns": {"symbol": "instr", "side": "dir", "quantity": "units", "price": "px", "fee": "cost", "time": "stamp", "id": "ref"},
             "bot": "journal bot"}
            """);

        Assert.False(_reader.CanRead(db.Path));
        var set = _reader.Read(db.Path, new ImportOptions(MappingFile: mapping));

        Assert.Equal(2, set.Fills.Count);
        var sell = set.Fills[1];
        Assert.Equal(("x-2", "journal bot", Side.Sell, 0.5m, 61000m, 1.5m), (sell.Id, sell.Bot, sell.Side, sell.Quantity, sell.Price, sell.Fee));
        Assert.Equal(new DateTimeOffset(2024, 3, 2, 8, 0, 0, TimeSpan.Zero), sell.Timestamp);
        Assert.Equal("journal bot", Assert.Single(set.Bots).Name);
    }

    [Fact]
    public void unix_milliseconds_unix_seconds_and_iso_times_all_parse()
    {
        using var db = new ScratchDatabase("""
            CREATE TABLE fills (id INTEGER PRIMARY KEY, pair TEXT, side TEXT, amount REAL, rate REAL, timestamp);
            INSERT INTO fills VALUES (1, 'ETH-USD', 'buy', 1, 3000, 1709287200000);
            INSERT INTO fills VALUES (2, 'ETH-USD', 'buy', 2, 3000, 1709287200);
            INSERT INTO fills VALUES (3, 'ETH-USD', 'sell', 3, 3000, '2024-03-01T10:00:00Z');
            INSERT INTO fills VALUES (4, 'ETH-USD', 'sell', 4, 3000, '2024-03-01 10:00:00');
            INSERT INTO fills VALUES (5, 'ETH-USD', 'sell', 5, 3000, '1709287200000');
            """);

        var set = _reader.Read(db.Path, new ImportOptions());

        Assert.Empty(set.Rejections);
        Assert.Equal(5, set.Fills.Count);
        Assert.All(set.Fills, f => Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero), f.Timestamp));
    }

    [Fact]
    public void camel_case_column_names_are_read_as_their_snake_case_words()
    {
        // A JavaScript bot's table (an ORM's default names): the key, the fee's currency and the time were not found,
        // so the table was no trade table at all.
        using var db = new ScratchDatabase("""
            CREATE TABLE trades (id INTEGER PRIMARY KEY, tradeId TEXT, symbol TEXT, side TEXT, price TEXT, size TEXT, fee TEXT, feeCurrency TEXT, createdAt INTEGER);
            INSERT INTO trades VALUES (1, 'T1', 'BTC/USDT', 'buy', '42000.5', '0.01', '0.42', 'USDT', 1704448801000);
            INSERT INTO trades VALUES (2, 'T2', 'BTC/USDT', 'sell', '43000', '0.01', '0.43', 'USDT', 1704535201000);
            """);

        var set = _reader.Read(db.Path, new ImportOptions());

        Assert.Empty(set.Rejections);
        Assert.Equal(
            [("T1", "USDT", DateTimeOffset.FromUnixTimeMilliseconds(1704448801000)), ("T2", "USDT", DateTimeOffset.FromUnixTimeMilliseconds(1704535201000))],
            set.Fills.Select(f => (f.Id, f.FeeCurrency, f.Timestamp)));
    }

    [Fact]
    public void quantities_signed_negative_for_sells_give_the_side_where_no_column_does()
    {
        // A broker's and many bots' way: no side column, a sell's quantity below zero. It was no trade table.
        using var db = new ScratchDatabase("""
            CREATE TABLE executions (id INTEGER PRIMARY KEY, exec_id TEXT, symbol TEXT, quantity TEXT, price TEXT, commission TEXT, time TEXT);
            INSERT INTO executions VALUES (1, 'E1', 'AAPL', '10', '190.5', '1', '2024-03-01T10:00:00Z');
            INSERT INTO executions VALUES (2, 'E2', 'AAPL', '-4', '195', '1', '2024-03-02T10:00:00Z');
            INSERT INTO executions VALUES (3, 'E3', 'AAPL', '0', '196', '1', '2024-03-03T10:00:00Z');
            """);

        var set = _reader.Read(db.Path, new ImportOptions());

        Assert.Equal([("E1", Side.Buy, 10m), ("E2", Side.Sell, 4m)], set.Fills.Select(f => (f.Id, f.Side, f.Quantity)));
        Assert.Contains("is not positive", Assert.Single(set.Rejections).Reason, StringComparison.Ordinal);
        Assert.Contains("side=sign of quantity", set.Source.Generation, StringComparison.Ordinal);
    }

    [Fact]
    public void a_table_of_holdings_is_not_taken_for_trades_signed_by_their_quantity()
    {
        using var db = new ScratchDatabase("""
            CREATE TABLE holdings (id INTEGER PRIMARY KEY, symbol TEXT, quantity TEXT, price TEXT, time TEXT);
            INSERT INTO holdings VALUES (1, 'AAPL', '10', '190.5', '2024-03-01T10:00:00Z');
            INSERT INTO holdings VALUES (2, 'MSFT', '4', '410', '2024-03-01T10:00:00Z');
            """);

        var error = Assert.Throws<InvalidDataException>(() => _reader.Read(db.Path, new ImportOptions()));

        Assert.Contains("quantities signed negative for sells", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void bad_rows_are_rejected_with_row_id_and_reason()
    {
        using var db = new ScratchDatabase("""
            CREATE TABLE trades (id INTEGER PRIMARY KEY, symbol TEXT, side TEXT, qty TEXT, price TEXT, time TEXT, status TEXT);
            INSERT INTO trades VALUES (1, 'SOL/USDT', 'long', '2', '100', '2024-01-01T00:00:00Z', 'filled');
            INSERT INTO trades VALUES (2, 'SOL/USDT', 'hold', '2', '100', '2024-01-01T00:00:00Z', 'filled');
            INSERT INTO trades VALUES (3, 'SOL/USDT', 'short', 'lots', '100', '2024-01-01T00:00:00Z', 'filled');
            INSERT INTO trades VALUES (4, 'SOL/USDT', 'sell', '1', '100', 'yesterday', 'filled');
            INSERT INTO trades VALUES (5, NULL, 'sell', '1', '100', '2024-01-01T00:00:00Z', 'filled');
            INSERT INTO trades VALUES (6, 'SOL/USDT', 'sell', '1', '100', '2024-01-01T00:00:00Z', 'CANCELLED');
            """);

        var set = _reader.Read(db.Path, new ImportOptions());

        var fill = Assert.Single(set.Fills);
        Assert.Equal(Side.Buy, fill.Side);
        Assert.Equal(
            ["trades.id=2", "trades.id=3", "trades.id=4", "trades.id=5", "trades.id=6"],
            set.Rejections.Select(r => r.SourceRef));
        Assert.Contains("side \"hold\"", set.Rejections[0].Reason, StringComparison.Ordinal);
        Assert.Contains("quantity \"lots\"", set.Rejections[1].Reason, StringComparison.Ordinal);
        Assert.Contains("time \"yesterday\"", set.Rejections[2].Reason, StringComparison.Ordinal);
        Assert.Contains("no symbol", set.Rejections[3].Reason, StringComparison.Ordinal);
        Assert.Contains("not a fill", set.Rejections[4].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void rows_without_an_exchange_id_are_keyed_by_content_and_repeats_counted()
    {
        using var db = new ScratchDatabase("""
            CREATE TABLE trades (id INTEGER PRIMARY KEY, ticker TEXT, action TEXT, quantity REAL, price REAL, executed_at TEXT);
            INSERT INTO trades VALUES (1, 'AAPL', 'BUY', 10, 180.5, '2024-01-02T15:00:00Z');
            INSERT INTO trades VALUES (2, 'AAPL', 'BUY', 10, 180.5, '2024-01-02T15:00:00Z');
            INSERT INTO trades VALUES (3, 'AAPL', 'SELL', 10, 181, '2024-01-03T15:00:00Z');
            """);

        var set = _reader.Read(db.Path, new ImportOptions());

        Assert.Equal(2, set.Fills.Count);
        Assert.All(set.Fills, f => Assert.Matches("^t[0-9a-f]{16}h[0-9a-f]{24}$", f.Id));
        Assert.Equal("trades.id=2 repeats trades.id=1", Assert.Single(set.Duplicates));
        Assert.Equal("bot", Assert.Single(set.Bots).Name);
    }

    [Fact]
    public void the_side_column_is_chosen_by_content_when_type_holds_order_types()
    {
        using var db = new ScratchDatabase("""
            CREATE TABLE executions (trade_id TEXT, instrument TEXT, type TEXT, direction TEXT, filled REAL, fill_price REAL, ts INTEGER, commission REAL, fee_currency TEXT);
            INSERT INTO executions VALUES ('t1', 'BTCUSDT', 'limit', 'b', 0.1, 50000, 1704067200, 0.05, 'BNB');
            """);

        var fill = Assert.Single(_reader.Read(db.Path, new ImportOptions()).Fills);

        Assert.Equal(("t1", Side.Buy, 0.05m, "BNB"), (fill.Id, fill.Side, fill.Fee, fill.FeeCurrency));
    }

    [Fact]
    public void secret_parameters_are_withheld_from_bots()
    {
        using var db = new ScratchDatabase("""
            CREATE TABLE bots (id INTEGER PRIMARY KEY, name TEXT, strategy TEXT, parameters TEXT, dry_run INTEGER);
            CREATE TABLE trades (id INTEGER PRIMARY KEY, bot_id INTEGER REFERENCES bots(id), symbol TEXT, side TEXT, size REAL, price REAL, created_at TEXT, order_id TEXT);
            INSERT INTO bots VALUES (1, 'grid', 'grid_v2', '{"levels": 5, "exchange": {"api_key": "AKIA-123", "apiSecret": "s3cr3t"}, "password": "hunter2"}', 1);
            INSERT INTO trades VALUES (1, 1, 'ETH/USDT', 'buy', 1, 2000, '2024-01-01T00:00:00Z', 'o-1');
            """);

        var set = _reader.Read(db.Path, new ImportOptions());

        var bot = Assert.Single(set.Bots);
        Assert.Equal(("grid", "grid_v2", BotMode.Paper), (bot.Name, bot.StrategyName, bot.Mode));
        Assert.DoesNotContain("AKIA-123", bot.Config, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", bot.Config, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", bot.Config, StringComparison.Ordinal);
        Assert.Contains("\"levels\":5", bot.Config, StringComparison.Ordinal);
        Assert.Contains(set.Warnings, w => w.Contains("secret values withheld", StringComparison.Ordinal));
    }

    [Fact]
    public void a_database_without_a_trades_table_is_not_read()
    {
        using var db = new ScratchDatabase("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);");

        Assert.False(_reader.CanRead(db.Path));
        var error = Assert.Throws<InvalidDataException>(() => _reader.Read(db.Path, new ImportOptions()));
        Assert.Contains("no table of trades", error.Message, StringComparison.Ordinal);
    }

    // Its speed is measured by `tradebook bench`, not here: a timed test fails on a busy machine, not on slow code.
    [Fact]
    public void a_large_table_is_read_whole()
    {
        const int rows = 50_000;
        using var db = new ScratchDatabase("""
            CREATE TABLE trades (id INTEGER PRIMARY KEY, trade_id TEXT, symbol TEXT, side TEXT, amount REAL, price REAL, fee REAL, timestamp INTEGER);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
            INSERT INTO trades (trade_id, symbol, side, amount, price, fee, timestamp)
            SELECT 'T' || i, CASE i % 3 WHEN 0 THEN 'BTC/USDT' WHEN 1 THEN 'ETH/USDT' ELSE 'SOL/USDT' END,
                   CASE i % 2 WHEN 0 THEN 'buy' ELSE 'sell' END, 0.001 * (i % 97 + 1), 100 + (i % 1000) * 0.25, 0.0001 * i,
                   1700000000000 + i * 1000
            FROM n;
            """);

        var set = _reader.Read(db.Path, new ImportOptions());

        Assert.Equal(rows, set.Fills.Count);
        Assert.Empty(set.Rejections);
        Assert.Equal(rows, set.Fills.Select(f => f.Id).Distinct().Count());
    }
}
