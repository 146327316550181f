using System.Globalization;
using Microsoft.Data.Sqlite;
using Tradebook.Core.Domain;
using Tradebook.Import.Reconciliation;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Freqtrade;
using Tradebook.Import.Tests.Writing;
using Tradebook.Import.Writing;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Tests.Freqtrade;

/// <summary>
/// A freqtrade database generated here the way freqtrade writes one when the exchange takes its entry fee in
/// the coin bought: each entry order buys an amount in whole steps, the exchange keeps 0.1 % of it
/// (<c>ft_fee_base</c>), freqtrade sells what is left rounded down to the step and forgets the rest, and
/// stores its own profit, <c>amount x close x (1 - fee) - amount x open x (1 + fee)</c> on the amount sold,
/// rounded to 8 places. Three pairs: steps given in decimal places (1 and 0.01) and as a tick size (0.5).
/// </summary>
public sealed class FeeDustFreqtradeTests : IDisposable
{
    private const decimal FeeRate = 0.001m;
    private const int TradesPerPair = 12;
    private const string Bot = "freqtrade/DustStrategy@binance";

    private static readonly Market[] Markets =
    [
        new("ABC/USDT", Step: 1m, Precision: 0m, Mode: 2, OpenLast: true),
        new("XYZ/USDT", Step: 0.01m, Precision: 2m, Mode: 2, OpenLast: false),
        new("TIK/USDT", Step: 0.5m, Precision: 0.5m, Mode: 4, OpenLast: false),
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("tradebook-ft-dust-").FullName;
    private readonly string _path;
    private readonly List<GeneratedTrade> _trades;

    public FeeDustFreqtradeTests()
    {
        _path = Path.Combine(_folder, "tradesv3.sqlite");
        _trades = Generate(seed: 11);
        Write(_path, _trades);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void every_trade_the_generator_closed_left_dust_below_its_step()
    {
        // Guards the tests below: fee-in-coin trades leave dust, and it is less than a step.
        Assert.All(_trades.Where(t => !t.IsOpen), t => Assert.InRange(t.Dust, 0.0000001m, t.Market.Step - 0.0000001m));
    }

    [Fact]
    public void the_amount_step_of_each_pair_comes_from_the_precision_freqtrade_stored()
    {
        var set = new FreqtradeReader().Read(_path, new ImportOptions());

        Assert.Equal(
            [(Bot, "amount_step:ABC/USDT", "1"), (Bot, "amount_step:TIK/USDT", "0.5"), (Bot, "amount_step:XYZ/USDT", "0.01")],
            set.Settings.Select(s => (s.Scope, s.Key, s.Value)).Order());
    }

    [Fact]
    public void without_a_stored_precision_the_step_is_what_the_order_amounts_show()
    {
        using (var connection = Open(_path))
        {
            using var clear = connection.CreateCommand();
            clear.CommandText = "UPDATE trades SET amount_precision = NULL, precision_mode = NULL";
            clear.ExecuteNonQuery();
        }

        var set = new FreqtradeReader().Read(_path, new ImportOptions());

        // TIK's amounts are in halves: the most decimals they show is one, a step of 0.1 (not its 0.5 tick,
        // which no amount can tell apart), still above every leftover of a fee of 0.1 %.
        Assert.Equal(
            ["amount_step:ABC/USDT=1", "amount_step:TIK/USDT=0.1", "amount_step:XYZ/USDT=0.01"],
            set.Settings.Select(s => $"{s.Key}={s.Value}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void imported_every_trade_freqtrade_closed_is_one_closed_round_trip_and_the_open_one_holds_no_dust()
    {
        using var store = new TempStore();

        new ImportWriter(store.Database, TempStore.Clock).Write(new FreqtradeReader().Read(_path, new ImportOptions()));

        Assert.Equal(_trades.Count(t => !t.IsOpen), store.Scalar("SELECT COUNT(*) FROM positions WHERE status = 'closed'"));
        Assert.Equal(1, store.Scalar("SELECT COUNT(*) FROM positions WHERE status = 'open'"));
        foreach (var market in Markets)
        {
            var trades = _trades.Where(t => t.Market == market).ToList();
            var row = Assert.Single(store.Rows($"SELECT r.quantity, r.dust, r.trades FROM product_rollups r JOIN instruments i ON i.id = r.instrument_id WHERE i.symbol = '{market.Pair}'"));
            var open = trades.SingleOrDefault(t => t.IsOpen);
            var expected = string.Join("|", Number(open?.Received ?? 0m), Number(trades.Where(t => !t.IsOpen).Sum(t => t.Dust)), trades.Count(t => !t.IsOpen));
            Assert.Equal(expected, Normalized(row));
        }
    }

    [Fact]
    public void realized_pnl_agrees_with_freqtrades_profit_within_the_value_of_the_dust()
    {
        using var store = new TempStore();
        var set = new FreqtradeReader().Read(_path, new ImportOptions());

        new ImportWriter(store.Database, TempStore.Clock).Write(set);

        var realized = store.Rows("SELECT realized_pnl FROM product_rollups").Sum(r => decimal.Parse(r, NumberStyles.Float, CultureInfo.InvariantCulture));
        var stored = _trades.Where(t => !t.IsOpen).Sum(t => t.StoredProfit);
        var dustValue = _trades.Where(t => !t.IsOpen).Sum(t => t.Dust * t.Close);
        Assert.True(Math.Abs(realized - stored) <= dustValue, $"realized {realized} vs freqtrade {stored}: {realized - stored}, dust worth {dustValue}");

        // Each trade's difference is explained by what its fills leave over, or is the bot's rounding.
        var report = Reconciler.Reconcile(set);
        Assert.All(report.Trades.Where(r => !r.IsOpen), r => Assert.Contains(r.Reason, new[] { DifferenceReason.None, DifferenceReason.Rounding, DifferenceReason.ResidualQuantity }));
        Assert.Equal(0m, report.Overall.Unexplained);
    }

    [Fact]
    public void importing_again_changes_nothing_and_rolling_back_removes_the_steps_and_the_dust()
    {
        using var store = new TempStore();
        var writer = new ImportWriter(store.Database, TempStore.Clock);
        var first = writer.Write(new FreqtradeReader().Read(_path, new ImportOptions()));
        var accounts = store.Accounts();
        var dust = store.Rows("SELECT dust, dust_notional, dust_fees FROM product_rollups ORDER BY instrument_id");

        writer.Write(new FreqtradeReader().Read(_path, new ImportOptions()));
        Assert.Equal(accounts, store.Accounts());
        Assert.Equal(dust, store.Rows("SELECT dust, dust_notional, dust_fees FROM product_rollups ORDER BY instrument_id"));

        writer.Rollback(first.BatchId!.Value);
        Assert.Equal(0, store.Scalar("SELECT COUNT(*) FROM settings"));
        Assert.Equal(0, store.Scalar("SELECT COUNT(*) FROM fills"));
    }

    private static string Number(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    private static string Normalized(string row) =>
        string.Join("|", row.Split('|').Select(v => Number(decimal.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture))));

    private static List<GeneratedTrade> Generate(int seed)
    {
        var random = new Random(seed);
        var trades = new List<GeneratedTrade>();
        var at = new DateTimeOffset(2023, 5, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var market in Markets)
        {
            for (var i = 0; i < TradesPerPair; i++)
            {
                // An amount in whole steps whose 0.1 % fee does not leave a whole number of steps.
                decimal bought;
                do
                {
                    bought = random.Next(150, 900) * market.Step;
                }
                while ((bought - (bought * FeeRate)) % market.Step == 0);

                var open = random.Next(5_000, 20_000) / 1000m;
                var close = open + (random.Next(-800, 900) / 1000m);
                trades.Add(new GeneratedTrade(trades.Count + 1, market, bought, open, close, at, market.OpenLast && i == TradesPerPair - 1));
                at = at.AddHours(5);
            }
        }

        return trades;
    }

    private static SqliteConnection Open(string path)
    {
        SqliteBootstrap.EnsureInitialized();
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static void Write(string path, List<GeneratedTrade> trades)
    {
        using var connection = Open(path);
        using (var schema = connection.CreateCommand())
        {
            schema.CommandText = """
                CREATE TABLE trades (id INTEGER PRIMARY KEY, exchange VARCHAR(25) NOT NULL, pair VARCHAR(25) NOT NULL, base_currency VARCHAR(25),
                  stake_currency VARCHAR(25), is_open BOOLEAN NOT NULL, fee_open FLOAT NOT NULL, fee_open_cost FLOAT, fee_open_currency VARCHAR(25),
                  fee_close FLOAT NOT NULL, fee_close_cost FLOAT, fee_close_currency VARCHAR(25), open_rate FLOAT NOT NULL, close_rate FLOAT,
                  realized_profit FLOAT, close_profit FLOAT, close_profit_abs FLOAT, stake_amount FLOAT NOT NULL, max_stake_amount FLOAT,
                  amount FLOAT NOT NULL, open_date DATETIME NOT NULL, close_date DATETIME, strategy VARCHAR(100), trading_mode VARCHAR(7),
                  amount_precision FLOAT, price_precision FLOAT, precision_mode INTEGER, contract_size FLOAT, leverage FLOAT,
                  is_short BOOLEAN NOT NULL, funding_fees FLOAT);
                CREATE TABLE orders (id INTEGER PRIMARY KEY, ft_trade_id INTEGER NOT NULL, ft_order_side VARCHAR(25) NOT NULL, ft_pair VARCHAR(25) NOT NULL,
                  ft_is_open BOOLEAN NOT NULL, order_id VARCHAR(255) NOT NULL, status VARCHAR(255), symbol VARCHAR(25), order_type VARCHAR(50),
                  side VARCHAR(25), price FLOAT, average FLOAT, amount FLOAT, filled FLOAT, remaining FLOAT, cost FLOAT, order_date DATETIME,
                  order_filled_date DATETIME, order_update_date DATETIME, funding_fee FLOAT, ft_fee_base FLOAT);
                """;
            schema.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        var orderId = 5_000_000;
        foreach (var t in trades)
        {
            Insert(connection, transaction, """
                INSERT INTO trades VALUES ($id, 'binance', $pair, $base, 'USDT', $open_flag, $fee, $fee_open_cost, $base, $fee, $fee_close_cost, 'USDT',
                  $open, $close, $profit, NULL, $profit, $stake, $stake, $amount, $open_date, $close_date, 'DustStrategy', 'SPOT',
                  $precision, 4, $mode, 1, 1, 0, 0)
                """,
                ("$id", t.Id), ("$pair", t.Market.Pair), ("$base", t.Market.Pair.Split('/')[0]), ("$open_flag", t.IsOpen ? 1 : 0), ("$fee", (double)FeeRate),
                ("$fee_open_cost", (double)t.FeeInCoin), ("$fee_close_cost", t.IsOpen ? null : (double)(t.Sold * t.Close * FeeRate)),
                ("$open", (double)t.Open), ("$close", t.IsOpen ? null : (double)t.Close), ("$profit", t.IsOpen ? 0d : (double)t.StoredProfit),
                ("$stake", (double)(t.Bought * t.Open)), ("$amount", (double)(t.IsOpen ? t.Received : t.Sold)), ("$open_date", Time(t.OpenedAt)),
                ("$close_date", t.IsOpen ? null : Time(t.OpenedAt.AddHours(3))), ("$precision", (double)t.Market.Precision), ("$mode", t.Market.Mode));
            Insert(connection, transaction, """
                INSERT INTO orders VALUES ($id, $trade, 'buy', $pair, 0, $order, 'closed', $pair, 'limit', 'buy', $price, $price, $amount, $amount, 0,
                  $cost, $at, $at, $at, NULL, $fee_base)
                """,
                ("$id", orderId), ("$trade", t.Id), ("$pair", t.Market.Pair), ("$order", (orderId++).ToString(CultureInfo.InvariantCulture)), ("$price", (double)t.Open),
                ("$amount", (double)t.Bought), ("$cost", (double)(t.Bought * t.Open)), ("$at", Time(t.OpenedAt)), ("$fee_base", (double)t.FeeInCoin));
            if (!t.IsOpen)
            {
                Insert(connection, transaction, """
                    INSERT INTO orders VALUES ($id, $trade, 'sell', $pair, 0, $order, 'closed', $pair, 'limit', 'sell', $price, $price, $amount, $amount, 0,
                      $cost, $at, $at, $at, NULL, NULL)
                    """,
                    ("$id", orderId), ("$trade", t.Id), ("$pair", t.Market.Pair), ("$order", (orderId++).ToString(CultureInfo.InvariantCulture)), ("$price", (double)t.Close),
                    ("$amount", (double)t.Sold), ("$cost", (double)(t.Sold * t.Close)), ("$at", Time(t.OpenedAt.AddHours(3))));
            }
        }

        transaction.Commit();
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private static void Insert(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object? Value)[] values)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in values)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }

    private sealed record Market(string Pair, decimal Step, decimal Precision, int Mode, bool OpenLast);

    /// <summary>One trade as freqtrade records it: bought, the fee kept in the coin, what it sold, what it forgot.</summary>
    private sealed record GeneratedTrade(int Id, Market Market, decimal Bought, decimal Open, decimal Close, DateTimeOffset OpenedAt, bool IsOpen)
    {
        public decimal FeeInCoin => Bought * FeeRate;

        public decimal Received => Bought - FeeInCoin;

        public decimal Sold => Math.Floor(Received / Market.Step) * Market.Step;

        public decimal Dust => Received - Sold;

        public decimal StoredProfit => Math.Round((Sold * Close * (1 - FeeRate)) - (Sold * Open * (1 + FeeRate)), 8);
    }
}
