using System.Globalization;
using System.Text.Json;

namespace Tradebook.Cli.Tests.Import;

/// <summary>
/// <c>tradebook import</c> of the six real bot databases, each into a fresh database, checked against what
/// the bots themselves stored (expected.json) by reading the database back. Differences that are right are
/// asserted as explained in docs/import.md.
/// </summary>
public sealed class RealDatabaseImportTests
{
    /// <summary>
    /// Realized P&amp;L tolerance per database. freqtrade rounds each trade's profit to 8 places; an exchange
    /// that takes its fee in the coin bought leaves dust the bot never sells (kept at its cost as the product's
    /// dust, neither realized nor in the next round trip); funding is a cash flow, not trade P&amp;L. principia
    /// pays some fees in BNB, which no rate converts (+1.68; its dust trades differ by -0.23, within their
    /// dust's value, to make 1.45). tooyipjee's trade 24 stores a close_rate
    /// one step above the price its exit filled at (703 x 0.00000001 = 0.00000703 of its 0.00000797; the rest is
    /// well within its dust's value, 0.00007).
    /// </summary>
    public static TheoryData<string, string, double> Freqtrade => new()
    {
        { "jpiv__CryptoTradingRL__tradesv3.dryrun.sqlite", "live", 0.00000001 * 17 },
        { "ronmegini__Trading-Bot__tradesv3.sqlite", "paper", 0.00000001 * 5 },
        { "tooyipjee__freqtrade__tradesv3.sqlite", "live", 0.000008 },
        { "danielarroyave28__principia-bot__tradesv3_freqtrade2.sqlite", "live", 1.5 },
        { "smoke22n__GKD_troubleshoot__tradesv3.sqlite", "paper", 0.14 },
    };

    public static TheoryData<string> FreqtradeFiles => new(Freqtrade.Select(row => (string)row[0]));

    [Theory]
    [MemberData(nameof(FreqtradeFiles))]
    public void every_trade_freqtrade_closed_is_a_closed_round_trip_and_only_pairs_with_an_open_trade_hold_a_position(string file)
    {
        using var workspace = new SampleWorkspace();
        var expected = SampleWorkspace.RealExpected(file);

        workspace.Import(workspace.Sample(Path.Combine("real-dbs", file)));

        // Fee dust no longer keeps a trade open: freqtrade's closed trades are Tradebook's round trips.
        Assert.Equal(expected.GetProperty("n_closed").GetInt64(), workspace.Count("SELECT COUNT(*) FROM positions WHERE status = 'closed'"));
        Assert.Equal(expected.GetProperty("n_closed").GetInt64(), workspace.Count("SELECT COALESCE(SUM(trades), 0) FROM product_rollups"));
        foreach (var pair in expected.GetProperty("per_pair").EnumerateObject())
        {
            var open = pair.Value.GetProperty("trades").GetInt32() > pair.Value.GetProperty("closed").GetInt32() ? 1 : 0;
            Assert.True(open == workspace.Count("SELECT COUNT(*) FROM positions p JOIN instruments i ON i.id = p.instrument_id WHERE i.symbol = $s AND p.status = 'open'", ("$s", pair.Name)), pair.Name);
        }
    }

    [Theory]
    [MemberData(nameof(Freqtrade))]
    public void a_freqtrade_database_lands_with_its_orders_fills_and_profit(string file, string mode, double tolerance)
    {
        using var workspace = new SampleWorkspace();
        var expected = SampleWorkspace.RealExpected(file);

        var report = workspace.Import(workspace.Sample(Path.Combine("real-dbs", file)));

        var import = Assert.Single(report.GetProperty("imports").EnumerateArray());
        Assert.True(import.GetProperty("verification").GetProperty("ok").GetBoolean());

        var hasOrders = expected.TryGetProperty("orders_total", out var ordersTotal);

        // One fill per filled order; a database without orders (2020) makes an entry and an exit per closed trade.
        var fills = hasOrders ? expected.GetProperty("orders_with_filled_gt0").GetInt64() : 2L * expected.GetProperty("n_closed").GetInt32() + expected.GetProperty("n_open").GetInt32();
        Assert.Equal(fills, workspace.Count("SELECT COUNT(*) FROM fills"));
        Assert.Equal(hasOrders ? ordersTotal.GetInt64() : 0, workspace.Count("SELECT COUNT(*) FROM orders"));
        Assert.Equal(mode, Assert.Single(workspace.Query("SELECT mode FROM bots"))[0]);

        // Every pair the bot traded is a product of the bot, with its trades' fills.
        var pairs = expected.GetProperty("per_pair").EnumerateObject().ToList();
        Assert.Equal(pairs.Select(p => p.Name).Order(StringComparer.Ordinal), workspace.Query("SELECT i.symbol FROM product_rollups r JOIN instruments i ON i.id = r.instrument_id").Select(r => (string)r[0]!).Order(StringComparer.Ordinal));


        // Realized profit: what freqtrade stored for closed trades plus what open trades already realized.
        var stored = (decimal)expected.GetProperty("closed_sum_close_profit_abs").GetDouble()
            + (expected.TryGetProperty("open_sum_realized_profit", out var open) ? (decimal)open.GetDouble() : 0m);
        var realized = workspace.Sum("SELECT realized_pnl FROM product_rollups");
        Assert.True(Math.Abs(realized - stored) <= (decimal)tolerance, $"realized {realized} vs stored {stored}");

        // The CLI's own P&L report reads the same figure back.
        var pnl = workspace.Run("pnl", "--json", "--all-modes");
        Assert.True(pnl.ExitCode == 0, pnl.ToString());
        var lines = pnl.Json().GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(pairs.Count, lines.Count);
        Assert.Equal((double)realized, lines.Sum(l => l.GetProperty("realized_pnl").GetDouble()), 6);
    }

    [Theory]
    [InlineData("jpiv__CryptoTradingRL__tradesv3.dryrun.sqlite")]
    [InlineData("ronmegini__Trading-Bot__tradesv3.sqlite")]
    public void databases_without_fee_dust_match_freqtrade_per_pair_and_close_every_trade(string file)
    {
        using var workspace = new SampleWorkspace();
        var expected = SampleWorkspace.RealExpected(file);

        workspace.Import(workspace.Sample(Path.Combine("real-dbs", file)));

        Assert.Equal(expected.GetProperty("n_closed").GetInt64(), workspace.Count("SELECT COUNT(*) FROM positions WHERE status = 'closed'"));
        Assert.Equal(0, workspace.Count("SELECT COUNT(*) FROM positions WHERE status = 'open'"));
        foreach (var pair in expected.GetProperty("per_pair").EnumerateObject())
        {
            var realized = workspace.Sum("SELECT r.realized_pnl FROM product_rollups r JOIN instruments i ON i.id = r.instrument_id WHERE i.symbol = $s", ("$s", pair.Name));
            var stored = (decimal)pair.Value.GetProperty("sum_close_profit_abs").GetDouble();
            Assert.True(Math.Abs(realized - stored) <= 0.00000001m * pair.Value.GetProperty("closed").GetInt32(), $"{pair.Name}: {realized} vs {stored}");
            Assert.Equal(pair.Value.GetProperty("closed").GetInt64(), workspace.Count("SELECT COUNT(*) FROM positions p JOIN instruments i ON i.id = p.instrument_id WHERE i.symbol = $s", ("$s", pair.Name)));
        }
    }

    [Fact]
    public void the_principia_wal_is_read_so_its_two_late_trades_are_imported()
    {
        using var workspace = new SampleWorkspace();
        var file = "danielarroyave28__principia-bot__tradesv3_freqtrade2.sqlite";

        workspace.Import(workspace.Sample(Path.Combine("real-dbs", file)));

        // ALPACA/USDT is traded only in the WAL's transactions.
        Assert.Equal(1, workspace.Count("SELECT COUNT(*) FROM instruments WHERE symbol = 'ALPACA/USDT'"));
        Assert.Equal(142, workspace.Count("SELECT COUNT(*) FROM orders"));
    }

    [Fact]
    public void a_coin_fee_taken_from_the_coin_bought_is_not_held_and_what_the_lot_size_leaves_is_dust()
    {
        using var workspace = new SampleWorkspace();

        // UTK/USDT bought 4022 and paid 3.844 UTK in fees: 4018.156 held, 4018 sold in two exits. UTK trades
        // in whole coins, so the 0.156 left is dust: the round trip is closed and holds no position.
        workspace.Import(workspace.Sample(Path.Combine("real-dbs", "danielarroyave28__principia-bot__tradesv3_freqtrade2.sqlite")));

        var utk = "FROM product_rollups r JOIN instruments i ON i.id = r.instrument_id WHERE i.symbol = 'UTK/USDT'";
        Assert.Equal(0m, workspace.Sum($"SELECT r.quantity {utk}"));
        Assert.Equal(0.156m, workspace.Sum($"SELECT r.dust {utk}"));
        Assert.Equal(1, workspace.Count($"SELECT r.trades {utk}"));
    }

    [Fact]
    public void the_hummingbot_database_lands_with_unscaled_prices_and_its_orphan_fill()
    {
        using var workspace = new SampleWorkspace();
        var expected = SampleWorkspace.RealExpected("edgeware-network__MM-Logs__conf_pure_mm_1.sqlite");
        // From the bot's stored integers (price and amount scaled by 10^6): two SELL fills of EDG-USDT.
        const decimal sumAmount = 571428m;
        const decimal quoteVolume = 418.856724m;

        var report = workspace.Import(workspace.Sample(Path.Combine("real-dbs", "edgeware-network__MM-Logs__conf_pure_mm_1.sqlite")));

        Assert.Equal(expected.GetProperty("table_rows").GetProperty("TradeFill").GetInt64(), workspace.Count("SELECT COUNT(*) FROM fills"));
        Assert.Equal(expected.GetProperty("table_rows").GetProperty("Order").GetInt64(), workspace.Count("SELECT COUNT(*) FROM orders"));
        Assert.Equal(sumAmount, workspace.Sum("SELECT quantity FROM fills"));
        var volume = workspace.Query("SELECT quantity, price FROM fills").Sum(r => decimal.Parse((string)r[0]!, CultureInfo.InvariantCulture) * decimal.Parse((string)r[1]!, CultureInfo.InvariantCulture));
        Assert.Equal(quoteVolume, volume);
        Assert.Equal(1, workspace.Count("SELECT COUNT(*) FROM fills WHERE order_id IS NULL"));
        Assert.Contains(report.GetProperty("imports")[0].GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("is not in the Order table", StringComparison.Ordinal));
        Assert.Equal("live", Assert.Single(workspace.Query("SELECT mode FROM bots"))[0]);
    }
}
