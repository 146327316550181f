using Tradebook.Core.Domain;
using Tradebook.Import.Checks;
using Tradebook.Import.Reconciliation;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Freqtrade;
using Tradebook.Import.Sources.GenericTrades;
using Tradebook.Import.Sources.Hummingbot;
using Tradebook.Import.Tests.Freqtrade;
using Tradebook.Import.Tests.GenericTrades;
using Tradebook.Import.Writing;

namespace Tradebook.Import.Tests.Checks;

/// <summary>Rows that cannot be right are named with counts and references, never passed silently.</summary>
public sealed class SourceChecksTests
{
    // A dry-run freqtrade database (2023 schema) where one trade was exited twice, each time for its whole amount.
    private const string ExitedTwice = """
        CREATE TABLE trades (id INTEGER PRIMARY KEY, exchange VARCHAR, pair VARCHAR, stake_currency VARCHAR, is_open BOOLEAN,
          fee_open FLOAT, fee_open_cost FLOAT, fee_open_currency VARCHAR, fee_close FLOAT, fee_close_cost FLOAT, fee_close_currency VARCHAR,
          open_rate FLOAT, close_rate FLOAT, realized_profit FLOAT, close_profit_abs FLOAT, stake_amount FLOAT, amount FLOAT,
          open_date DATETIME, close_date DATETIME, strategy VARCHAR, trading_mode VARCHAR, leverage FLOAT, is_short BOOLEAN, funding_fees FLOAT);
        CREATE TABLE orders (id INTEGER PRIMARY KEY, ft_trade_id INTEGER, ft_order_side VARCHAR, ft_pair VARCHAR, ft_is_open BOOLEAN,
          order_id VARCHAR, status VARCHAR, symbol VARCHAR, order_type VARCHAR, side VARCHAR, price FLOAT, average FLOAT, amount FLOAT,
          filled FLOAT, remaining FLOAT, cost FLOAT, order_date DATETIME, order_filled_date DATETIME, order_update_date DATETIME,
          funding_fee FLOAT, ft_fee_base FLOAT);
        INSERT INTO trades VALUES (7, 'kraken', 'ADA/EUR', 'EUR', 0, 0, NULL, NULL, 0, NULL, NULL,
          0.5, 0.55, 5, 5, 50, 100, '2024-03-01 08:00:00', '2024-03-01 09:00:00', 'Drift', 'spot', 1, 0, 0);
        INSERT INTO orders VALUES (20, 7, 'buy', 'ADA/EUR', 0, 'dry_run_buy_1', 'closed', 'ADA/EUR', 'limit', 'buy', 0.5, 0.5, 100, 100, 0, 50,
          '2024-03-01 08:00:00', '2024-03-01 08:00:01', NULL, 0, NULL);
        INSERT INTO orders VALUES (21, 7, 'sell', 'ADA/EUR', 0, 'dry_run_sell_1', 'closed', 'ADA/EUR', 'limit', 'sell', 0.55, 0.55, 100, 100, 0, 55,
          '2024-03-01 09:00:00', '2024-03-01 09:00:01', NULL, 0, NULL);
        INSERT INTO orders VALUES (22, 7, 'sell', 'ADA/EUR', 0, 'dry_run_sell_2', 'closed', 'ADA/EUR', 'limit', 'sell', 0.56, 0.56, 100, 100, 0, 56,
          '2024-03-01 09:05:00', '2024-03-01 09:05:01', NULL, 0, NULL);
        INSERT INTO trades VALUES (8, 'kraken', 'ADA/EUR', 'EUR', 0, 0, NULL, NULL, 0, NULL, NULL,
          0.6, 0.62, 2, 2, 60, 100, '2024-03-02 08:00:00', '2024-03-02 09:00:00', 'Drift', 'spot', 1, 0, 0);
        INSERT INTO orders VALUES (23, 8, 'buy', 'ADA/EUR', 0, 'dry_run_buy_2', 'closed', 'ADA/EUR', 'limit', 'buy', 0.6, 0.6, 100, 100, 0, 60,
          '2024-03-02 08:00:00', '2024-03-02 08:00:01', NULL, 0, NULL);
        INSERT INTO orders VALUES (24, 8, 'sell', 'ADA/EUR', 0, 'dry_run_sell_3', 'closed', 'ADA/EUR', 'limit', 'sell', 0.62, 0.62, 100, 100, 0, 62,
          '2024-03-02 09:00:00', '2024-03-02 09:00:01', NULL, 0, NULL);
        """;

    [Fact]
    public void a_trade_exited_twice_in_full_is_named_with_its_trade_and_exit_orders()
    {
        using var db = new ScratchDatabase(ExitedTwice);
        var set = new FreqtradeReader().Read(db.Path, new ImportOptions());

        var problem = Assert.Single(SourceChecks.Run(set));

        Assert.Equal((SourceProblemKind.ExitsBeyondEntries, "freqtrade/Drift@kraken", "ADA/EUR", 2), (problem.Kind, problem.Bot, problem.Symbol, problem.Rows));
        Assert.Equal(["trades.id=7", "orders.id=21", "orders.id=22"], problem.References);
        Assert.True(problem.Detail.Contains("trades.id=7 bought 100 and exited 200 in 2 fills", StringComparison.Ordinal), problem.Detail);
    }

    [Fact]
    public void the_reconciliation_explains_the_trade_by_its_impossible_exits()
    {
        using var db = new ScratchDatabase(ExitedTwice);
        var report = Reconciler.Reconcile(new FreqtradeReader().Read(db.Path, new ImportOptions()));

        // The second exit sold 100 ADA the trade never bought: the next trade's buy covers that phantom short.
        var next = report.Trades.Single(t => t.SourceRef == "trades.id=8");
        Assert.NotEqual(0m, next.Difference);
        Assert.Equal(DifferenceReason.ExitsBeyondEntries, next.Reason);
        Assert.Contains("sell more than their entries", next.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Trades, t => t.Reason == DifferenceReason.Unknown);
    }

    [Fact]
    public void the_import_report_flags_the_products_whose_pnl_rests_on_such_rows()
    {
        using var db = new ScratchDatabase(ExitedTwice);

        var report = ImportWriter.Preview(new FreqtradeReader().Read(db.Path, new ImportOptions()));

        Assert.False(report.PnlReliable);
        Assert.Equal(["freqtrade/Drift@kraken ADA/EUR"], report.UnreliableProducts);
        Assert.NotNull(report.Reconciliation);
        Assert.Equal(2, report.Reconciliation!.Overall.Trades);
    }

    [Theory]
    [MemberData(nameof(RealDbs.FreqtradeCases), MemberType = typeof(RealDbs))]
    public void the_real_freqtrade_databases_exit_no_trade_beyond_its_entries(string file)
    {
        var set = new FreqtradeReader().Read(RealDbs.PathOf(file), new ImportOptions());

        Assert.DoesNotContain(SourceChecks.Run(set), p => p.Kind is SourceProblemKind.ExitsBeyondEntries or SourceProblemKind.ZeroPrice or SourceProblemKind.ZeroQuantity);
    }

    [Fact]
    public void prices_a_hummingbot_integer_column_truncated_to_zero_are_named_with_their_cause()
    {
        using var db = new ScratchDatabase("""
            CREATE TABLE "TradeFill" (config_file_path TEXT NOT NULL, strategy TEXT NOT NULL, market TEXT NOT NULL, symbol TEXT NOT NULL,
              base_asset TEXT NOT NULL, quote_asset TEXT NOT NULL, timestamp BIGINT NOT NULL, order_id TEXT NOT NULL, trade_type TEXT NOT NULL,
              order_type TEXT NOT NULL, price BIGINT NOT NULL, amount BIGINT NOT NULL, leverage INTEGER NOT NULL, trade_fee JSON NOT NULL,
              exchange_trade_id TEXT NOT NULL, position TEXT);
            CREATE TABLE "Order" (id TEXT NOT NULL, config_file_path TEXT NOT NULL, strategy TEXT NOT NULL, market TEXT NOT NULL, symbol TEXT NOT NULL,
              base_asset TEXT NOT NULL, quote_asset TEXT NOT NULL, creation_timestamp BIGINT NOT NULL, order_type TEXT NOT NULL, amount BIGINT NOT NULL,
              leverage INTEGER NOT NULL, price BIGINT NOT NULL, last_status TEXT NOT NULL, last_update_timestamp BIGINT NOT NULL, exchange_order_id TEXT, position TEXT);
            INSERT INTO "Order" VALUES ('o1', 'c.yml', 'avellaneda', 'gate_io', 'PEPE-USDT', 'PEPE', 'USDT', 1700000000000, 'LIMIT', 5000000000000000, 1, 0, 'filled', 1700000001000, 'x1', NULL);
            INSERT INTO "Order" VALUES ('o2', 'c.yml', 'avellaneda', 'gate_io', 'PEPE-USDT', 'PEPE', 'USDT', 1700000100000, 'LIMIT', 5000000000000000, 1, 0, 'filled', 1700000101000, 'x2', NULL);
            INSERT INTO "Order" VALUES ('o3', 'c.yml', 'avellaneda', 'gate_io', 'PEPE-USDT', 'PEPE', 'USDT', 1700000200000, 'LIMIT', 5000000000000000, 1, 0, 'filled', 1700000201000, 'x3', NULL);
            INSERT INTO "TradeFill" VALUES ('c.yml', 'avellaneda', 'gate_io', 'PEPE-USDT', 'PEPE', 'USDT', 1700000000500, 'o1', 'BUY', 'LIMIT', 0, 5000000000000000, 1, '{"percent": "0.002"}', 't1', NULL);
            INSERT INTO "TradeFill" VALUES ('c.yml', 'avellaneda', 'gate_io', 'PEPE-USDT', 'PEPE', 'USDT', 1700000100500, 'o2', 'SELL', 'LIMIT', 0, 2000000000000000, 1, '{"percent": "0.002"}', 't2', NULL);
            INSERT INTO "TradeFill" VALUES ('c.yml', 'avellaneda', 'gate_io', 'PEPE-USDT', 'PEPE', 'USDT', 1700000200500, 'o3', 'SELL', 'LIMIT', 0, 3000000000000000, 1, '{"percent": "0.002"}', 't3', NULL);
            """);
        var set = new HummingbotReader().Read(db.Path, new ImportOptions());

        var problem = Assert.Single(SourceChecks.Run(set));

        Assert.Equal((SourceProblemKind.ZeroPrice, "PEPE/USDT", 3), (problem.Kind, problem.Symbol, problem.Rows));
        Assert.Equal(["TradeFill.exchange_trade_id=t1", "TradeFill.exchange_trade_id=t2", "TradeFill.exchange_trade_id=t3"], problem.References);
        Assert.Contains("below 0.000001 was stored as 0", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void a_trade_table_names_zero_prices_sells_beyond_the_holding_and_a_quantity_off_by_a_million()
    {
        using var db = new ScratchDatabase("""
            CREATE TABLE fills (fill_id TEXT, symbol TEXT, side TEXT, qty REAL, price REAL, ts TEXT);
            INSERT INTO fills VALUES ('a1', 'DOT/USDT', 'buy', 10, 6.1, '2024-04-01T00:00:00Z');
            INSERT INTO fills VALUES ('a2', 'DOT/USDT', 'buy', 12, 6.0, '2024-04-02T00:00:00Z');
            INSERT INTO fills VALUES ('a3', 'DOT/USDT', 'sell', 11, 6.3, '2024-04-03T00:00:00Z');
            INSERT INTO fills VALUES ('a4', 'DOT/USDT', 'buy', 9, 0, '2024-04-04T00:00:00Z');
            INSERT INTO fills VALUES ('a5', 'DOT/USDT', 'buy', 11000000, 6.2, '2024-04-05T00:00:00Z');
            INSERT INTO fills VALUES ('a6', 'DOT/USDT', 'sell', 10, 6.4, '2024-04-06T00:00:00Z');
            INSERT INTO fills VALUES ('b1', 'ATOM/USDT', 'buy', 5, 9.5, '2024-04-01T00:00:00Z');
            INSERT INTO fills VALUES ('b2', 'ATOM/USDT', 'sell', 8, 9.9, '2024-04-02T00:00:00Z');
            INSERT INTO fills VALUES ('b3', 'ATOM/USDT', 'sell', 1, 9.8, '2024-04-03T00:00:00Z');
            """);
        var set = new GenericTradesReader().Read(db.Path, new ImportOptions());

        var problems = SourceChecks.Run(set).ToDictionary(p => (p.Kind, p.Symbol));

        Assert.Equal(3, problems.Count);
        Assert.Equal(["fills.rowid=4"], problems[(SourceProblemKind.ZeroPrice, "DOT/USDT")].References);
        Assert.Equal(["fills.rowid=5"], problems[(SourceProblemKind.ImplausibleQuantity, "DOT/USDT")].References);
        var sold = problems[(SourceProblemKind.SoldMoreThanHeld, "ATOM/USDT")];
        Assert.Equal(2, sold.Rows);
        Assert.Equal(["fills.rowid=8", "fills.rowid=9"], sold.References);
        Assert.Contains("lowest -4", sold.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void fills_dated_outside_1900_to_2199_are_named_as_times_never_set()
    {
        // A legacy bot that wrote an unset DateTime: imported as it is, the row would sit two millennia before the bot's history.
        using var db = new ScratchDatabase("""
            CREATE TABLE fills (fill_id TEXT, symbol TEXT, side TEXT, qty REAL, price REAL, ts TEXT);
            INSERT INTO fills VALUES ('a1', 'DOT/USDT', 'buy', 10, 6.1, '2024-04-01T00:00:00Z');
            INSERT INTO fills VALUES ('a2', 'DOT/USDT', 'sell', 10, 6.3, '0001-01-01T00:00:00Z');
            INSERT INTO fills VALUES ('a3', 'DOT/USDT', 'buy', 10, 6.0, '9999-12-31T23:59:59Z');
            INSERT INTO fills VALUES ('a4', 'DOT/USDT', 'sell', 10, 6.2, '2024-04-04T00:00:00Z');
            """);
        var set = new GenericTradesReader().Read(db.Path, new ImportOptions());

        var problem = Assert.Single(SourceChecks.Run(set), p => p.Kind == SourceProblemKind.ImplausibleTime);

        Assert.Equal(("DOT/USDT", 2), (problem.Symbol, problem.Rows));
        Assert.Equal(["fills.rowid=2", "fills.rowid=3"], problem.References);
        Assert.Contains("1900 to 2199", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void a_short_on_a_perpetual_is_no_problem()
    {
        var set = new ImportSet(new SourceInfo("x", "test"));
        set.Bots.Add(new BotSpec("b", BotMode.Live));
        set.Fills.Add(new FillRecord("b", "1", "BTC/USDT:USDT", Side.Sell, 1, 60000, 0, null, DateTimeOffset.UnixEpoch.AddDays(1)));
        set.Fills.Add(new FillRecord("b", "2", "BTC/USDT:USDT", Side.Buy, 1, 59000, 0, null, DateTimeOffset.UnixEpoch.AddDays(2)));

        Assert.Empty(SourceChecks.Run(set));
    }
}
