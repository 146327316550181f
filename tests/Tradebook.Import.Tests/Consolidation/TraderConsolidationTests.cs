using System.Globalization;
using Tradebook.Core.Domain;
using Tradebook.Import.Consolidation;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.GenericTrades;
using Tradebook.Import.Tests.GenericTrades;

namespace Tradebook.Import.Tests.Consolidation;

/// <summary>Consolidating the trader sample's three SQLite copies reproduces the figures its owner computed.</summary>
public sealed class TraderConsolidationTests
{
    private static readonly string[] ConflictIds =
    [
        "5b1856d1-c7c5-4c27-90e5-5240f3bbd4d5",
        "63400505-7b6b-44a7-a8cd-d4eef5ac2feb",
        "6e846778-18a2-43a1-a5fe-ef656b070ab7",
        "a49ac9d3-5186-4ad9-a1be-ff7b95ca7cb6",
        "ea909102-fa9b-4f58-af57-efa7a59697f9",
    ];

    private static readonly Lazy<ConsolidationResult> Default = new(() => Consolidate(null));

    private static ConsolidationResult Result => Default.Value;

    private static ConsolidationResult Consolidate(string? prefer)
    {
        var reader = new GenericTradesReader();
        // Listed stalest first, so that precedence must come from the content, not the order given.
        var sources = new[] { TraderSamples.Backup, TraderSamples.Backend, TraderSamples.Main }
            .Select(f => reader.ReadSource(TraderSamples.PathOf(f), new ImportOptions()) with { Name = f })
            .ToList();
        return Consolidator.Consolidate(sources, new ConsolidationOptions(prefer));
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public void distinct_trades_are_counted_once_across_copies()
    {
        Assert.Equal(3619, Result.Set.Fills.Count);
        Assert.Equal(3619, Result.Report.Totals.DistinctTrades);
        Assert.Equal(3619, Result.Set.Fills.Select(f => f.Id).Distinct().Count());
    }

    [Fact]
    public void the_most_recently_written_copy_ranks_first_by_content()
    {
        Assert.Equal(
            [TraderSamples.Main, TraderSamples.Backend, TraderSamples.Backup],
            Result.Report.Sources.OrderBy(s => s.Rank).Select(s => s.Name));
        Assert.Contains("2025-09-17T16:04:27Z", Result.Report.Source(TraderSamples.Main).RankReason, StringComparison.Ordinal);
    }

    [Fact]
    public void per_copy_figures_match_the_owner_s()
    {
        var main = Result.Report.Source(TraderSamples.Main);
        var backend = Result.Report.Source(TraderSamples.Backend);
        var backup = Result.Report.Source(TraderSamples.Backup);

        Assert.Equal((3606, 3606, 0), (main.RowsRead, main.DistinctKeys, main.DuplicatesWithin));
        Assert.Equal((6067, 3453, 2614), (backend.RowsRead, backend.DistinctKeys, backend.DuplicatesWithin));
        Assert.Equal((3100, 3100, 0), (backup.RowsRead, backup.DistinctKeys, backup.DuplicatesWithin));
        Assert.Equal((Utc("2025-08-20T00:09:21Z"), Utc("2025-09-17T16:04:27Z")), (main.EarliestTrade, main.LatestTrade));
        Assert.Equal((Utc("2025-08-20T00:09:21Z"), Utc("2025-09-15T21:05:16Z")), (backend.EarliestTrade, backend.LatestTrade));
        Assert.Equal((Utc("2025-08-20T00:09:21Z"), Utc("2025-09-13T12:11:35Z")), (backup.EarliestTrade, backup.LatestTrade));
        Assert.Equal((79, 0, 0), (main.OrphanRows, backend.OrphanRows, backup.OrphanRows));
    }

    [Fact]
    public void overlaps_between_copies_match_the_owner_s()
    {
        var report = Result.Report;
        var main = report.Source(TraderSamples.Main);
        var backend = report.Source(TraderSamples.Backend);
        var backup = report.Source(TraderSamples.Backup);
        var mainAndBackend = report.Shared(TraderSamples.Main, TraderSamples.Backend);

        Assert.Equal(3440, mainAndBackend);
        Assert.Equal(166, main.DistinctKeys - mainAndBackend);
        Assert.Equal(13, backend.DistinctKeys - mainAndBackend);
        Assert.Equal(backup.DistinctKeys, report.Shared(TraderSamples.Backup, TraderSamples.Main));
        Assert.Equal(backup.DistinctKeys, report.Shared(TraderSamples.Backup, TraderSamples.Backend));
        Assert.Equal(0, backup.OnlyHere);
    }

    [Fact]
    public void conflicts_list_exactly_the_disagreeing_orders_with_winner_and_fields()
    {
        var report = Result.Report;

        Assert.Equal(ConflictIds, report.ConflictingKeys);
        Assert.Equal(5, report.Totals.ConflictingKeys);
        Assert.All(report.Conflicts, c =>
        {
            Assert.Equal(TraderSamples.Main, c.Winner);
            Assert.Equal(TraderSamples.Backend, c.Other);
            Assert.Equal("fee", Assert.Single(c.Differences).Field);
            Assert.Contains("ranks above", c.Reason, StringComparison.Ordinal);
        });
        var one = Assert.Single(report.Conflicts, c => c.Key == "5b1856d1-c7c5-4c27-90e5-5240f3bbd4d5");
        Assert.Equal(("0.45845086", "0.3056339"), (one.Differences[0].WinnerValue, one.Differences[0].OtherValue));
        Assert.Equal((5, 5, 0), (report.Source(TraderSamples.Main).Conflicts, report.Source(TraderSamples.Backend).Conflicts, report.Source(TraderSamples.Backup).Conflicts));
    }

    [Fact]
    public void conflicting_values_come_from_the_winning_copy()
    {
        var fill = Assert.Single(Result.Set.Fills, f => f.Id == "5b1856d1-c7c5-4c27-90e5-5240f3bbd4d5");
        Assert.Equal(0.45845086m, fill.Fee);
    }

    [Fact]
    public void preferring_the_backend_copy_takes_its_values()
    {
        var result = Consolidate("backend/trader.db");
        var fill = Assert.Single(result.Set.Fills, f => f.Id == "5b1856d1-c7c5-4c27-90e5-5240f3bbd4d5");

        Assert.Equal(0.3056339m, fill.Fee);
        Assert.Equal(ConflictIds, result.Report.ConflictingKeys);
        Assert.All(result.Report.Conflicts, c => Assert.Equal(TraderSamples.Backend, c.Winner));
        Assert.Contains("preferred", result.Report.Source(TraderSamples.Backend).RankReason, StringComparison.Ordinal);
        Assert.Equal(3619, result.Set.Fills.Count);
    }

    [Fact]
    public void preferring_an_unknown_copy_is_an_error() =>
        Assert.Throws<ArgumentException>(() => Consolidate("elsewhere/trader.db"));

    [Fact]
    public void orphans_of_the_main_copy_are_resolved_through_the_stale_copy_s_bots()
    {
        var report = Result.Report;

        Assert.Equal(79, report.Source(TraderSamples.Main).OrphanRowsResolved);
        Assert.Empty(report.UnresolvedBots);
        Assert.Equal(0, report.Totals.UnresolvedRows);
        Assert.DoesNotContain(Result.Set.Fills, f => f.Bot.StartsWith("missing bot", StringComparison.Ordinal));
        Assert.Equal(22, Result.Set.Fills.Count(f => f.Bot == "TOSHI MACD Cross"));
    }

    [Fact]
    public void bots_are_the_union_of_every_copy_s_bots()
    {
        string[] names =
        [
            "AERO Grid Trader", "AVAX AI Signal", "AVNT RSI Reversal", "BTC DCA Accumulator", "DOGE Bollinger Breakout",
            "ETH AI Signal", "LINK Momentum Scalper", "SOL MACD Cross", "SUI DCA Accumulator", "TOSHI MACD Cross", "XRP Momentum Scalper",
        ];

        Assert.Equal(names, Result.Set.Bots.Select(b => b.Name).Order(StringComparer.Ordinal));
        Assert.Equal(11, Result.Report.Totals.Bots);
        Assert.All(Result.Set.Fills, f => Assert.Contains(f.Bot, names));
    }

    [Fact]
    public void a_bot_defined_differently_by_two_copies_is_reported()
    {
        var conflict = Assert.Single(Result.Report.BotConflicts, c => c.Bot == "ETH AI Signal" && c.Other == TraderSamples.Backend);
        Assert.Equal(TraderSamples.Main, conflict.Winner);
        Assert.Contains(conflict.Differences, d => d.Field == "parameters");
        var bot = Assert.Single(Result.Set.Bots, b => b.Name == "ETH AI Signal");
        Assert.Contains("\"max_trades_per_day\": 24", bot.Config, StringComparison.Ordinal);
    }

    [Fact]
    public void earliest_and_latest_trades_span_all_copies()
    {
        Assert.Equal(Utc("2025-08-20T00:09:21Z"), Result.Report.Totals.EarliestTrade);
        Assert.Equal(Utc("2025-09-17T16:04:27Z"), Result.Report.Totals.LatestTrade);
    }

    [Fact]
    public void a_product_traded_only_in_the_main_copy_survives()
    {
        var perCopy = new GenericTradesReader().Read(TraderSamples.PathOf(TraderSamples.Backend), new ImportOptions());

        Assert.Equal(22, Result.Set.Fills.Count(f => f.Symbol == "TOSHI-USD"));
        Assert.DoesNotContain(perCopy.Fills, f => f.Symbol == "TOSHI-USD");
        Assert.Equal(
            ["TOSHI-USD"],
            Result.Set.Fills.Select(f => f.Symbol).Distinct().Except(perCopy.Fills.Select(f => f.Symbol)));
    }

    [Theory]
    [InlineData("AERO-USD", 10, "654.75", "503.5", "8.96578949")]
    [InlineData("AVAX-USD", 14, "35.9455", "35.3956", "12.51263797")]
    [InlineData("AVNT-USD", 15, "1027.29", "924.68", "13.48776558")]
    [InlineData("BTC-USD", 686, "0.15642988", "0.15246981", "206.99130234")]
    [InlineData("DOGE-USD", 713, "114084.7", "116195.3", "321.21239271")]
    [InlineData("ETH-USD", 708, "7.97473412", "8.53071996", "424.51037939")]
    [InlineData("LINK-USD", 9, "44.7036", "35.7257", "11.16093209")]
    [InlineData("SOL-USD", 713, "177.691098", "168.141792", "428.5921595")]
    [InlineData("SUI-USD", 16, "180.0", "183.1", "7.44145578")]
    [InlineData("TOSHI-USD", 22, "2769976.0", "2692454.0", "26.00913529")]
    [InlineData("XRP-USD", 713, "17525.258137", "18341.90461", "642.29992034")]
    public void per_product_sums_match_the_owner_s(string product, int trades, string bought, string sold, string fees)
    {
        var fills = Result.Set.Fills.Where(f => f.Symbol == product).ToList();

        Assert.Equal(trades, fills.Count);
        Assert.Equal(decimal.Parse(bought, CultureInfo.InvariantCulture), Math.Round(fills.Where(f => f.Side == Side.Buy).Sum(f => f.Quantity), 8));
        Assert.Equal(decimal.Parse(sold, CultureInfo.InvariantCulture), Math.Round(fills.Where(f => f.Side == Side.Sell).Sum(f => f.Quantity), 8));
        Assert.Equal(decimal.Parse(fees, CultureInfo.InvariantCulture), Math.Round(fills.Sum(f => f.Fee), 8));
    }

    [Fact]
    public void nothing_is_rejected_and_every_conflict_is_also_a_warning()
    {
        Assert.Empty(Result.Set.Rejections);
        Assert.Equal(5, Result.Set.Warnings.Count(w => w.StartsWith("Conflict on fill", StringComparison.Ordinal)));
        Assert.Equal(2614, Result.Set.Duplicates.Count);
    }
}
