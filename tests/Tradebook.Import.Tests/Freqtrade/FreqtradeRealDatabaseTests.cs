using Tradebook.Core.Domain;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Freqtrade;

namespace Tradebook.Import.Tests.Freqtrade;

public sealed class FreqtradeRealDatabaseTests
{
    private static readonly FreqtradeReader Reader = new();

    [Theory]
    [MemberData(nameof(RealDbs.FreqtradeCases), MemberType = typeof(RealDbs))]
    public void every_real_database_is_recognised_from_its_content(string file)
    {
        Assert.True(Reader.CanRead(RealDbs.PathOf(file)));
    }

    [Theory]
    [MemberData(nameof(RealDbs.FreqtradeCases), MemberType = typeof(RealDbs))]
    public void trade_counts_equal_what_the_bot_stored(string file)
    {
        var expected = RealDbs.Expected(file);
        var set = Reader.Read(RealDbs.PathOf(file), new ImportOptions());

        Assert.Equal(expected.GetProperty("n_trades").GetInt32(), set.ReportedTrades.Count);
        Assert.Equal(expected.GetProperty("n_closed").GetInt32(), set.ReportedTrades.Count(t => !t.IsOpen));
        Assert.Equal(expected.GetProperty("n_open").GetInt32(), set.ReportedTrades.Count(t => t.IsOpen));
    }

    [Theory]
    [MemberData(nameof(RealDbs.FreqtradeCases), MemberType = typeof(RealDbs))]
    public void trades_per_pair_and_stored_profit_per_pair_equal_what_the_bot_stored(string file)
    {
        var expected = RealDbs.Expected(file);
        var set = Reader.Read(RealDbs.PathOf(file), new ImportOptions());

        var pairs = expected.GetProperty("per_pair").EnumerateObject().ToList();
        Assert.Equal(pairs.Count, set.ReportedTrades.Select(t => t.Symbol).Distinct().Count());
        foreach (var pair in pairs)
        {
            var trades = set.ReportedTrades.Where(t => t.Symbol == pair.Name).ToList();
            Assert.Equal(pair.Value.GetProperty("trades").GetInt32(), trades.Count);
            Assert.Equal(pair.Value.GetProperty("closed").GetInt32(), trades.Count(t => !t.IsOpen));
            var sum = trades.Where(t => !t.IsOpen).Sum(t => t.RealizedPnl ?? 0);
            Assert.InRange(sum - pair.Value.GetProperty("sum_close_profit_abs").GetDecimal(), -0.0000001m, 0.0000001m);
        }
    }

    [Theory]
    [MemberData(nameof(RealDbs.FreqtradeCases), MemberType = typeof(RealDbs))]
    public void sum_of_stored_close_profit_over_closed_trades_equals_the_bots_figure(string file)
    {
        var expected = RealDbs.Expected(file).GetProperty("closed_sum_close_profit_abs").GetDecimal();
        var set = Reader.Read(RealDbs.PathOf(file), new ImportOptions());

        var sum = set.ReportedTrades.Where(t => !t.IsOpen).Sum(t => t.RealizedPnl ?? 0);

        // The bot's figure is a float sum of 8-decimal values; ours is exact.
        Assert.InRange(sum - expected, -0.0000001m, 0.0000001m);
    }

    [Theory]
    [MemberData(nameof(RealDbs.FreqtradeCases), MemberType = typeof(RealDbs))]
    public void every_order_is_read_and_every_order_with_a_filled_quantity_makes_one_fill(string file)
    {
        var expected = RealDbs.Expected(file);
        var set = Reader.Read(RealDbs.PathOf(file), new ImportOptions());

        if (!expected.TryGetProperty("orders_total", out var total))
        {
            // 2020 schema: no orders; an entry per trade and an exit per closed trade, made from the trade row.
            Assert.Empty(set.Orders);
            Assert.Equal(expected.GetProperty("n_trades").GetInt32() + expected.GetProperty("n_closed").GetInt32(), set.Fills.Count);
            return;
        }

        Assert.Equal(total.GetInt32(), set.Orders.Count);
        Assert.Equal(expected.GetProperty("orders_with_filled_gt0").GetInt32(), set.Fills.Count);
        Assert.All(set.Fills, f => Assert.True(f.Quantity > 0 && f.Price > 0));
    }

    [Theory]
    [MemberData(nameof(RealDbs.FreqtradeCases), MemberType = typeof(RealDbs))]
    public void fill_ids_are_unique_per_bot_and_the_same_on_every_read(string file)
    {
        var first = Reader.Read(RealDbs.PathOf(file), new ImportOptions());
        var second = Reader.Read(RealDbs.PathOf(file), new ImportOptions());

        Assert.Equal(first.Fills.Count, first.Fills.Select(f => (f.Bot, f.Id)).Distinct().Count());
        Assert.Equal(first.Fills.Select(f => f.Id), second.Fills.Select(f => f.Id));
        Assert.All(first.ReportedTrades, t => Assert.All(t.FillIds, id => Assert.Contains(first.Fills, f => f.Id == id)));
    }

    [Theory]
    [MemberData(nameof(RealDbs.FreqtradeCases), MemberType = typeof(RealDbs))]
    public void every_record_carries_its_source_and_row(string file)
    {
        var set = Reader.Read(RealDbs.PathOf(file), new ImportOptions());

        var source = $"freqtrade:{file}";
        Assert.All(set.Fills, f => Assert.Equal(source, f.Provenance?.Source));
        Assert.All(set.Orders, o => Assert.StartsWith("orders.id=", o.Provenance?.SourceRef, StringComparison.Ordinal));
        Assert.All(set.ReportedTrades, t => Assert.StartsWith("trades.id=", t.SourceRef, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RealDbs.FreqtradeCases), MemberType = typeof(RealDbs))]
    public void reading_leaves_the_source_files_byte_identical(string file)
    {
        var path = RealDbs.PathOf(file);
        var before = (RealDbs.Hash(path), RealDbs.Hash(path + "-wal"), RealDbs.Hash(path + "-shm"));

        Reader.Read(path, new ImportOptions());

        Assert.Equal(before, (RealDbs.Hash(path), RealDbs.Hash(path + "-wal"), RealDbs.Hash(path + "-shm")));
    }

    [Fact]
    public void the_committed_wal_adds_two_trades_and_is_reported_as_read()
    {
        var withWal = Reader.Read(RealDbs.PathOf(RealDbs.Wal), new ImportOptions());

        var folder = Directory.CreateTempSubdirectory("tradebook-test-").FullName;
        try
        {
            var mainOnly = Path.Combine(folder, RealDbs.Wal);
            File.Copy(RealDbs.PathOf(RealDbs.Wal), mainOnly);
            var main = Reader.Read(mainOnly, new ImportOptions());

            Assert.True(withWal.Source.ReadWal);
            Assert.False(main.Source.ReadWal);
            Assert.Equal(63, withWal.ReportedTrades.Count);
            Assert.Equal(RealDbs.Expected(RealDbs.Wal, mainOnly: true).GetProperty("n_trades").GetInt32(), main.ReportedTrades.Count);
            Assert.Equal(RealDbs.Expected(RealDbs.Wal, mainOnly: true).GetProperty("orders_total").GetInt32(), main.Orders.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("jpiv__CryptoTradingRL__tradesv3.dryrun.sqlite", "freqtrade-2020")]
    [InlineData("tooyipjee__freqtrade__tradesv3.sqlite", "freqtrade-2021")]
    [InlineData("ronmegini__Trading-Bot__tradesv3.sqlite", "freqtrade-2022")]
    [InlineData(RealDbs.Wal, "freqtrade-2023")]
    [InlineData("smoke22n__GKD_troubleshoot__tradesv3.sqlite", "freqtrade-2025")]
    public void the_schema_generation_is_told_from_tables_and_columns(string file, string generation)
    {
        var set = Reader.Read(RealDbs.PathOf(file), new ImportOptions());

        Assert.StartsWith(generation, set.Source.Generation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ronmegini__Trading-Bot__tradesv3.sqlite", BotMode.Paper)]
    [InlineData("smoke22n__GKD_troubleshoot__tradesv3.sqlite", BotMode.Paper)]
    [InlineData("tooyipjee__freqtrade__tradesv3.sqlite", BotMode.Live)]
    [InlineData("jpiv__CryptoTradingRL__tradesv3.dryrun.sqlite", BotMode.Live)]
    public void dry_run_order_ids_make_a_paper_bot(string file, BotMode mode)
    {
        var set = Reader.Read(RealDbs.PathOf(file), new ImportOptions());

        var bot = Assert.Single(set.Bots);
        Assert.Equal(mode, bot.Mode);
        Assert.StartsWith("freqtrade/", bot.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void a_mode_and_a_bot_name_given_in_the_options_are_used()
    {
        var set = Reader.Read(RealDbs.PathOf("jpiv__CryptoTradingRL__tradesv3.dryrun.sqlite"), new ImportOptions(BotMode.Paper, BotName: "bb2-dry"));

        var bot = Assert.Single(set.Bots);
        Assert.Equal(("bb2-dry", BotMode.Paper), (bot.Name, bot.Mode));
        Assert.All(set.Fills, f => Assert.Equal("bb2-dry", f.Bot));
    }

    [Fact]
    public void fees_keep_their_own_currency()
    {
        var set = Reader.Read(RealDbs.PathOf("tooyipjee__freqtrade__tradesv3.sqlite"), new ImportOptions());

        // Entry fees were taken in the coin bought, exit fees in BTC.
        var doge = set.Fills.Where(f => f.Symbol == "DOGE/BTC").ToList();
        Assert.All(doge.Where(f => f.Side == Side.Buy), f => Assert.Equal("DOGE", f.FeeCurrency));
        Assert.All(doge.Where(f => f.Side == Side.Sell), f => Assert.Equal("BTC", f.FeeCurrency));
    }

    [Fact]
    public void canceled_orders_with_a_partial_fill_make_fills_and_funding_becomes_cash_flows()
    {
        var spot = Reader.Read(RealDbs.PathOf(RealDbs.Wal), new ImportOptions());
        var futures = Reader.Read(RealDbs.PathOf("smoke22n__GKD_troubleshoot__tradesv3.sqlite"), new ImportOptions());

        var canceled = spot.Orders.Where(o => o.Status == "canceled").Select(o => o.Id).ToHashSet();
        Assert.Equal(2, spot.Fills.Count(f => f.OrderId is not null && canceled.Contains(f.OrderId)));
        Assert.NotEmpty(futures.CashFlows);
        Assert.All(futures.CashFlows, c => Assert.Equal((CashFlowKind.Funding, "USDC"), (c.Kind, c.Currency)));
        Assert.All(futures.CashFlows, c => Assert.NotEqual(0m, c.Amount));
    }
}
