using Tradebook.Core.Domain;
using Tradebook.Import.Reconciliation;

namespace Tradebook.Import.Tests.Reconciliation;

/// <summary>A source that rounds the profit it stores is compared within half a unit of its last place, and only then.</summary>
public sealed class StoredRoundingTests
{
    private static readonly DateTimeOffset T0 = new(2024, 7, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Two round trips of 1.3 coins: 10.1234 then 20.55555 made, stored as <paramref name="first"/> and <paramref name="second"/>.</summary>
    private static ImportSet Trades(decimal first, decimal second)
    {
        var set = new ImportSet(new SourceInfo("x", "test"));
        set.Bots.Add(new BotSpec("b", BotMode.Paper));
        set.Fills.Add(new FillRecord("b", "1", "BTC/USD", Side.Buy, 1, 100, 0, null, T0));
        set.Fills.Add(new FillRecord("b", "2", "BTC/USD", Side.Sell, 1, 110.1234m, 0, null, T0.AddHours(1)));
        set.Fills.Add(new FillRecord("b", "3", "BTC/USD", Side.Buy, 1, 100, 0, null, T0.AddHours(2)));
        set.Fills.Add(new FillRecord("b", "4", "BTC/USD", Side.Sell, 1, 120.55555m, 0, null, T0.AddHours(3)));
        set.ReportedTrades.Add(new ReportedTrade("b", "BTC/USD", "t1", T0, T0.AddHours(1), false, first, ["1", "2"]));
        set.ReportedTrades.Add(new ReportedTrade("b", "BTC/USD", "t2", T0.AddHours(2), T0.AddHours(3), false, second, ["3", "4"]));
        return set;
    }

    [Fact]
    public void figures_stored_to_two_places_agree_within_half_a_cent_per_rounded_figure()
    {
        var report = Reconciler.Reconcile(Trades(10.12m, 20.56m));

        Assert.All(report.Trades, t => Assert.Equal(DifferenceReason.Rounding, t.Reason));
        Assert.Equal(0, report.Overall.Differing);
    }

    [Fact]
    public void figures_stored_with_every_digit_are_not_excused_by_rounding()
    {
        var report = Reconciler.Reconcile(Trades(10.1234m, 20.559999999m));

        Assert.Equal([DifferenceReason.None, DifferenceReason.Unknown], report.Trades.Select(t => t.Reason));
    }
}
