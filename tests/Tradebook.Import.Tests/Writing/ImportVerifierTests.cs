using Tradebook.Core.Domain;
using Tradebook.Import.Writing;

namespace Tradebook.Import.Tests.Writing;

/// <summary>What the writer reports per bot, the market order it records in, and what verification catches.</summary>
public sealed class ImportVerifierTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempStore _store = new();

    public void Dispose() => _store.Dispose();

    private static ImportSet Set(bool newestFirst = false)
    {
        var set = new ImportSet(new SourceInfo("synthetic", "test"));
        set.Bots.Add(new BotSpec("alpha", BotMode.Paper));
        set.Bots.Add(new BotSpec("beta", BotMode.Paper));
        var fills = new List<FillRecord>();
        for (var i = 0; i < 12; i++)
        {
            var bot = i % 3 == 0 ? "beta" : "alpha";
            var symbol = i % 2 == 0 ? "BTC/USDT" : "ETH/USDT";
            var side = i % 4 < 2 ? Side.Buy : Side.Sell;

            // Pairs of fills share a time, so that the id breaks the tie.
            fills.Add(new FillRecord(bot, $"f-{i:00}", symbol, side, 0.5m + i, 100m + (i * 3), 0.01m * i, "USDT", Start.AddMinutes(i / 2)));
        }

        if (newestFirst)
        {
            fills.Reverse();
        }

        set.Fills.AddRange(fills);
        return set;
    }

    [Fact]
    public void fills_listed_newest_first_give_the_same_accounts_as_fills_in_time_order()
    {
        using var ordered = new TempStore();
        new ImportWriter(ordered.Database, TempStore.Clock).Write(Set());

        var report = new ImportWriter(_store.Database, TempStore.Clock).Write(Set(newestFirst: true));

        Assert.True(report.Verification!.Ok, string.Join("; ", report.Verification.Problems));
        Assert.Equal(ordered.Accounts(), _store.Accounts());
        Assert.Equal(ordered.Rows("SELECT external_id FROM fills ORDER BY id"), _store.Rows("SELECT external_id FROM fills ORDER BY id"));
    }

    [Fact]
    public void the_report_counts_each_bots_fills_and_verification_sums_each_bot_and_symbol()
    {
        var report = new ImportWriter(_store.Database, TempStore.Clock).Write(Set());

        Assert.Equal([("alpha", 8), ("beta", 4)], report.Bots.Select(b => (b.Name, b.Fills)));
        var line = report.Verification!.Lines.Single(l => l.Bot == "beta" && l.Symbol == "BTC/USDT");
        Assert.Equal((2, 2, 0), (line.SourceFills, line.Inserted, line.Existing));
        Assert.Equal(0.5m + 6.5m, line.StoredQuantity);
        Assert.Equal(0.06m, line.StoredFees);
    }

    [Fact]
    public void verification_names_fills_missing_from_the_store_and_fills_the_batch_wrote_beyond_the_source()
    {
        var written = Set();
        var report = new ImportWriter(_store.Database, TempStore.Clock).Write(written);

        var claimed = Set();
        claimed.Fills.RemoveAll(f => f.Id == "f-04");
        claimed.Fills.Add(claimed.Fills[0] with { Id = "never-written" });
        var verification = new ImportVerifier(_store.Database).Verify(report.BatchId!.Value, claimed);

        Assert.False(verification.Ok);
        Assert.Contains("fill 'never-written' of bot 'beta' is not in the store", verification.Problems);
        Assert.Contains("fill 'f-04' of bot 'alpha' was written by this batch but is not in the source", verification.Problems);
        Assert.Contains(verification.Problems, p => p.StartsWith("beta BTC/USDT: source 3 fills", StringComparison.Ordinal));
    }

    [Fact]
    public void a_small_source_is_verified_against_a_larger_store_bot_by_bot()
    {
        new ImportWriter(_store.Database, TempStore.Clock).Write(Set());
        var few = Set();
        few.Fills.RemoveAll(f => f.Id != "f-01" && f.Id != "f-03");
        few.Fills.Add(few.Fills[0] with { Id = "absent" });

        // Batch 0 is never assigned: every stored fill counts as already there, as for --verify-only.
        var verification = new ImportVerifier(_store.Database).Verify(0, few);

        Assert.Equal(["fill 'absent' of bot 'alpha' is not in the store"], verification.Problems.Where(p => p.StartsWith("fill", StringComparison.Ordinal)));
        Assert.Equal([("alpha", "ETH/USDT", 1), ("beta", "ETH/USDT", 1)], verification.Lines.Select(l => (l.Bot, l.Symbol, l.Existing)));
        Assert.All(verification.Lines, l => Assert.Equal(0, l.Inserted));
    }
}
