using System.Globalization;
using Microsoft.Data.Sqlite;
using Tradebook.Core.Domain;
using Tradebook.Import.Reconciliation;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Freqtrade;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Tests.Freqtrade;

/// <summary>A small 2022-style futures database built here: one short with funding, one DCA long with a partial exit.</summary>
public sealed class SyntheticFreqtradeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tradebook-ft-").FullName;
    private readonly string _path;

    public SyntheticFreqtradeTests()
    {
        _path = Path.Combine(_folder, "synthetic.sqlite");
        SqliteBootstrap.EnsureInitialized();
        using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE trades (id INTEGER PRIMARY KEY, exchange VARCHAR, pair VARCHAR, stake_currency VARCHAR, is_open BOOLEAN,
              fee_open FLOAT, fee_open_cost FLOAT, fee_open_currency VARCHAR, fee_close FLOAT, fee_close_cost FLOAT, fee_close_currency VARCHAR,
              open_rate FLOAT, close_rate FLOAT, realized_profit FLOAT, close_profit_abs FLOAT, stake_amount FLOAT, amount FLOAT,
              open_date DATETIME, close_date DATETIME, strategy VARCHAR, trading_mode VARCHAR, leverage FLOAT, is_short BOOLEAN, funding_fees FLOAT);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, ft_trade_id INTEGER, ft_order_side VARCHAR, ft_pair VARCHAR, ft_is_open BOOLEAN,
              order_id VARCHAR, status VARCHAR, symbol VARCHAR, order_type VARCHAR, side VARCHAR, price FLOAT, average FLOAT, amount FLOAT,
              filled FLOAT, remaining FLOAT, cost FLOAT, order_date DATETIME, order_filled_date DATETIME, order_update_date DATETIME,
              funding_fee FLOAT, ft_fee_base FLOAT);
            -- Short 2 ETH at 100, bought back at 90; fees 0.1 %; funding -0.5: 20 - 0.2 - 0.18 - 0.5 = 19.12.
            INSERT INTO trades VALUES (1, 'binance', 'ETH/USDT:USDT', 'USDT', 0, 0.001, NULL, NULL, 0.001, NULL, NULL,
              100, 90, 19.12, 19.12, 200, 2, '2024-01-01 10:00:00', '2024-01-01 12:00:00', 'S1', 'FUTURES', 1, 1, -0.5);
            INSERT INTO orders VALUES (1, 1, 'sell', 'ETH/USDT:USDT', 0, 'ex-1', 'closed', 'ETH/USDT:USDT', 'limit', 'sell', 100, 100, 2, 2, 0, 200,
              '2024-01-01 10:00:00', '2024-01-01 10:00:01', NULL, 0, NULL);
            INSERT INTO orders VALUES (2, 1, 'buy', 'ETH/USDT:USDT', 0, 'ex-2', 'closed', 'ETH/USDT:USDT', 'limit', 'buy', 90, 90, 2, 2, 0, 180,
              '2024-01-01 12:00:00', '2024-01-01 12:00:01', NULL, 0, NULL);
            -- DCA long: 1 at 100, 1 at 80 (average 90); a canceled exit that sold 1 at 110, then 1 at 120; a canceled stoploss with nothing filled.
            -- (110 - 90) + (120 - 90) - fees (0.1 + 0.08 + 0.11 + 0.12) = 49.59.
            INSERT INTO trades VALUES (2, 'binance', 'BTC/USDT:USDT', 'USDT', 0, 0.001, NULL, NULL, 0.001, NULL, NULL,
              90, 120, 49.59, 49.59, 180, 2, '2024-01-02 10:00:00', '2024-01-03 10:00:00', 'S1', 'FUTURES', 1, 0, 0);
            INSERT INTO orders VALUES (3, 2, 'buy', 'BTC/USDT:USDT', 0, 'ex-3', 'closed', NULL, 'limit', 'buy', 100, 100, 1, 1, 0, 100,
              '2024-01-02 10:00:00', '2024-01-02 10:00:01', NULL, 0, NULL);
            INSERT INTO orders VALUES (4, 2, 'buy', 'BTC/USDT:USDT', 0, 'ex-4', 'closed', NULL, 'limit', 'buy', 80, 80, 1, 1, 0, 80,
              '2024-01-02 14:00:00', '2024-01-02 14:00:01', NULL, 0, NULL);
            INSERT INTO orders VALUES (5, 2, 'sell', 'BTC/USDT:USDT', 0, 'ex-5', 'canceled', NULL, 'limit', 'sell', 110, 110, 2, 1, 1, 110,
              '2024-01-02 20:00:00', NULL, '2024-01-02 21:00:00', 0, NULL);
            INSERT INTO orders VALUES (6, 2, 'stoploss', 'BTC/USDT:USDT', 0, 'ex-6', 'canceled', NULL, 'market', 'sell', 70, NULL, 1, 0, 1, 0,
              '2024-01-02 21:00:00', NULL, '2024-01-03 09:00:00', 0, NULL);
            INSERT INTO orders VALUES (7, 2, 'sell', 'BTC/USDT:USDT', 0, 'ex-7', 'closed', NULL, 'limit', 'sell', 120, 120, 1, 1, 0, 120,
              '2024-01-03 10:00:00', '2024-01-03 10:00:01', NULL, 0, NULL);
            """;
        command.ExecuteNonQuery();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void a_short_sells_to_open_and_buys_to_close()
    {
        var set = new FreqtradeReader().Read(_path, new ImportOptions());

        var fills = set.Fills.Where(f => f.Symbol == "ETH/USDT:USDT").ToList();
        Assert.Equal(
            [("ex-1:fill", Side.Sell, 2m, 100m, 0.2m, "USDT"), ("ex-2:fill", Side.Buy, 2m, 90m, 0.18m, "USDT")],
            fills.Select(f => (f.Id, f.Side, f.Quantity, f.Price, f.Fee, f.FeeCurrency)));
        var funding = Assert.Single(set.CashFlows);
        Assert.Equal((CashFlowKind.Funding, -0.5m, "USDT", "ETH/USDT:USDT"), (funding.Kind, funding.Amount, funding.Currency, funding.Symbol));
    }

    [Fact]
    public void dca_entries_and_a_partially_filled_canceled_exit_become_fills_and_an_empty_stoploss_does_not()
    {
        var set = new FreqtradeReader().Read(_path, new ImportOptions());

        var fills = set.Fills.Where(f => f.Symbol == "BTC/USDT:USDT").ToList();
        Assert.Equal(
            [("ex-3:fill", Side.Buy, 1m, 100m), ("ex-4:fill", Side.Buy, 1m, 80m), ("ex-5:fill", Side.Sell, 1m, 110m), ("ex-7:fill", Side.Sell, 1m, 120m)],
            fills.Select(f => (f.Id, f.Side, f.Quantity, f.Price)));
        Assert.Equal(7, set.Orders.Count);
        Assert.Equal(Side.Sell, set.Orders.Single(o => o.Id == "ex-6").Side);
        var trade = set.ReportedTrades.Single(t => t.SourceRef == "trades.id=2");
        Assert.Equal(["ex-3:fill", "ex-4:fill", "ex-5:fill", "ex-7:fill"], trade.FillIds);
        Assert.Equal("orders.id=5", fills[2].Provenance?.SourceRef);
    }

    [Fact]
    public void float_noise_in_a_stored_real_reads_as_its_fifteen_significant_digits_on_every_engine()
    {
        // What Python stores for 0.1 + 0.2 and for an average a hair above 100. SQLite 3.35 rendered them
        // as 0.3 and 100.0; 3.43 and later render 0.30000000000000004 and 100.00000000000001.
        using (var connection = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            connection.Open();
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE orders SET average = 100.00000000000001, amount = 0.1 + 0.2, filled = 0.1 + 0.2 WHERE id = 3";
            update.ExecuteNonQuery();
        }

        var set = new FreqtradeReader().Read(_path, new ImportOptions());

        var fill = set.Fills.Single(f => f.Id == "ex-3:fill");
        Assert.Equal(("0.3", "100.0"), (fill.Quantity.ToString(CultureInfo.InvariantCulture), fill.Price.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void computed_profit_equals_the_stored_profit_of_both_trades()
    {
        var report = Reconciler.Reconcile(new FreqtradeReader().Read(_path, new ImportOptions()));

        Assert.Equal([19.12m, 49.59m], report.Trades.Select(t => t.Computed));
        Assert.All(report.Trades, t => Assert.Equal(DifferenceReason.None, t.Reason));
        Assert.Equal(0m, report.Overall.Difference);
    }

    [Fact]
    public void a_database_without_freqtrades_tables_is_not_recognised()
    {
        var other = Path.Combine(_folder, "other.sqlite");
        File.WriteAllText(other, "not a database");

        Assert.False(new FreqtradeReader().CanRead(other));
        Assert.False(new FreqtradeReader().CanRead(RealDbs.PathOf(RealDbs.Hummingbot)));
    }
}
