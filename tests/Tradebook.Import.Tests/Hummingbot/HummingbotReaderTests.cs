using Tradebook.Core.Domain;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Hummingbot;
using Tradebook.Import.Tests.Freqtrade;

namespace Tradebook.Import.Tests.Hummingbot;

public sealed class HummingbotReaderTests
{
    private static readonly string Path = RealDbs.PathOf(RealDbs.Hummingbot);

    [Fact]
    public void a_hummingbot_database_is_recognised_and_a_freqtrade_one_is_not()
    {
        Assert.True(new HummingbotReader().CanRead(Path));
        Assert.False(new HummingbotReader().CanRead(RealDbs.PathOf(RealDbs.Wal)));
    }

    [Fact]
    public void every_fill_and_order_is_read_with_the_counts_the_bot_stored()
    {
        var rows = RealDbs.Expected(RealDbs.Hummingbot).GetProperty("table_rows");
        var set = new HummingbotReader().Read(Path, new ImportOptions());

        Assert.Equal(rows.GetProperty("TradeFill").GetInt32(), set.Fills.Count);
        Assert.Equal(rows.GetProperty("Order").GetInt32(), set.Orders.Count);
        var bot = Assert.Single(set.Bots);
        Assert.Equal(("hummingbot/pure_market_making@kucoin", BotMode.Live), (bot.Name, bot.Mode));
    }

    [Fact]
    public void integers_scaled_by_a_million_become_exact_decimals()
    {
        var set = new HummingbotReader().Read(Path, new ImportOptions());

        Assert.All(set.Fills, f => Assert.Equal(("EDG/USDT", Side.Sell, 285714m, 0.000733m), (f.Symbol, f.Side, f.Quantity, f.Price)));
        Assert.Equal(571428m, set.Fills.Sum(f => f.Quantity));
        Assert.Equal(418.856724m, set.Fills.Sum(f => f.Quantity * f.Price));

        // Fee: 0.2 % of the notional, in the quote currency.
        Assert.All(set.Fills, f => Assert.Equal((0.002m * 285714m * 0.000733m, "USDT"), (f.Fee, f.FeeCurrency)));
    }

    [Fact]
    public void the_precision_lost_to_scaling_is_quantified_in_a_warning()
    {
        var set = new HummingbotReader().Read(Path, new ImportOptions());

        var warning = Assert.Single(set.Warnings, w => w.StartsWith("TradeFill price and amount", StringComparison.Ordinal));
        Assert.Contains("0.000001", warning, StringComparison.Ordinal);
        Assert.Contains("all 4 values", warning, StringComparison.Ordinal);
        Assert.Contains(set.Warnings, w => w.StartsWith("Order price and amount", StringComparison.Ordinal));
    }

    [Fact]
    public void a_fill_whose_order_is_missing_is_imported_with_a_warning()
    {
        var set = new HummingbotReader().Read(Path, new ImportOptions());

        var orphan = Assert.Single(set.Fills, f => f.OrderId is null);
        Assert.Contains(set.Warnings, w => w.Contains("is not in the Order table", StringComparison.Ordinal) && w.Contains(orphan.Id, StringComparison.Ordinal));
        Assert.Equal(set.Fills.Count, set.Fills.Select(f => f.Id).Distinct().Count());
    }

    [Fact]
    public void warnings_about_single_rows_name_the_first_100_of_each_kind_and_count_the_rest()
    {
        // Every 40th generated fill has no order, and every 30th order no fill and a side only in its statuses. A source
        // with its Order table trimmed gave a warning per fill: millions of lines held to the end and printed in the report.
        using var source = GeneratedHummingbot.Create(8_000);

        var set = new HummingbotReader().Read(source.Path, new ImportOptions());

        var orphans = set.Fills.Count(f => f.OrderId is null);
        Assert.Equal(200, orphans);
        Assert.Equal(100, set.Warnings.Count(w => w.StartsWith("TradeFill.", StringComparison.Ordinal) && w.Contains("is not in the Order table", StringComparison.Ordinal)));
        Assert.Contains("and 100 more fills whose order is not in the Order table", set.Warnings);
        Assert.True(set.Warnings.Count < 250, $"{set.Warnings.Count} warnings");
    }

    [Fact]
    public void reading_leaves_the_source_byte_identical()
    {
        var before = RealDbs.Hash(Path);

        new HummingbotReader().Read(Path, new ImportOptions());

        Assert.Equal(before, RealDbs.Hash(Path));
    }
}
