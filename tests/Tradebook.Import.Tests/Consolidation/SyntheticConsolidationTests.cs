using Tradebook.Core.Domain;
using Tradebook.Import.Consolidation;

namespace Tradebook.Import.Tests.Consolidation;

public sealed class SyntheticConsolidationTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static ImportSet Copy(string path, params FillRecord[] fills)
    {
        var set = new ImportSet(new SourceInfo(path, "test"));
        set.Bots.Add(new BotSpec("a", BotMode.Live));
        set.Fills.AddRange(fills);
        return set;
    }

    private static FillRecord Fill(string id, decimal price, int minutes, string bot = "a") =>
        new(bot, id, "BTC/USD", Side.Buy, 1m, price, 0.1m, null, T0.AddMinutes(minutes));

    [Fact]
    public void exact_repeats_inside_one_copy_are_imported_once_and_counted()
    {
        var result = Consolidator.Consolidate([Copy("one.db", Fill("x", 100, 0), Fill("x", 100, 0) with { Provenance = new Provenance(SourceRef: "row 2") })]);

        Assert.Single(result.Set.Fills);
        Assert.Equal(1, result.Report.Source("one.db").DuplicatesWithin);
        Assert.Empty(result.Report.Conflicts);
    }

    [Fact]
    public void the_copy_with_the_latest_data_wins_a_conflict_by_default()
    {
        var stale = Copy("stale.db", Fill("x", 100, 0), Fill("y", 5, 1));
        var fresh = Copy("fresh.db", Fill("x", 101, 0), Fill("z", 5, 9));

        var result = Consolidator.Consolidate([stale, fresh]);

        Assert.Equal(101m, result.Set.Fills.Single(f => f.Id == "x").Price);
        var conflict = Assert.Single(result.Report.Conflicts);
        Assert.Equal(("x", "fresh.db", "stale.db"), (conflict.Key, conflict.Winner, conflict.Other));
        Assert.Equal(new FieldDifference("price", "101", "100"), Assert.Single(conflict.Differences));
        Assert.Equal((1, 1), (result.Report.Source("fresh.db").OnlyHere, result.Report.Source("stale.db").OnlyHere));
        Assert.Equal(3, result.Report.Totals.DistinctTrades);
    }

    [Fact]
    public void a_named_copy_wins_when_preferred()
    {
        var result = Consolidator.Consolidate(
            [Copy("stale.db", Fill("x", 100, 0)), Copy("fresh.db", Fill("x", 101, 5))], new ConsolidationOptions("stale.db"));

        var fill = Assert.Single(result.Set.Fills);
        Assert.Equal((100m, T0), (fill.Price, fill.Timestamp));
        Assert.Equal(["price", "timestamp"], Assert.Single(result.Report.Conflicts).Differences.Select(d => d.Field));
    }

    [Fact]
    public void orphans_with_a_bot_defined_nowhere_are_reported()
    {
        var lonely = Copy("lonely.db", Fill("x", 100, 0, bot: "missing bot 7"));
        lonely.Bots.Add(new BotSpec("missing bot 7", BotMode.Live));
        var source = new ConsolidationSource("lonely.db", lonely, BotRefs: new Dictionary<string, string> { ["1"] = "a" },
            MissingBots: new Dictionary<string, string> { ["missing bot 7"] = "7" }, OrphanRows: 1);
        var other = new ConsolidationSource("other.db", Copy("other.db", Fill("y", 100, 0)), BotRefs: new Dictionary<string, string> { ["1"] = "a" });

        var result = Consolidator.Consolidate([source, other]);

        var unresolved = Assert.Single(result.Report.UnresolvedBots);
        Assert.Equal(("lonely.db", "7", 1), (unresolved.Source, unresolved.Reference, unresolved.Rows));
        Assert.Equal(1, result.Report.Totals.UnresolvedRows);
        Assert.Contains(result.Set.Warnings, w => w.Contains("which no copy defines", StringComparison.Ordinal));
    }

    [Fact]
    public void fees_come_from_a_copy_that_records_them_when_the_winner_does_not()
    {
        var old = new ConsolidationSource("old.db", Copy("old.db", Fill("x", 100, 0) with { Fee = 0 }, Fill("late", 1, 60)), HasFees: false);
        var withFees = new ConsolidationSource("fees.db", Copy("fees.db", Fill("x", 100, 0) with { Fee = 0.7m }));

        var result = Consolidator.Consolidate([old, withFees]);

        Assert.Equal(1, result.Report.Source("old.db").Rank);
        Assert.Equal(0.7m, result.Set.Fills.Single(f => f.Id == "x").Fee);
        Assert.Empty(result.Report.Conflicts);
    }
}
