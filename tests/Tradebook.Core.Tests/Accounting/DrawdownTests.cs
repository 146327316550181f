using System.Globalization;
using Tradebook.Core.Accounting;

namespace Tradebook.Core.Tests.Accounting;

public sealed class DrawdownTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void no_snapshots_or_a_single_one_have_no_drawdown()
    {
        Assert.Equal(Drawdown.None, Drawdown.Maximum([]));
        Assert.Equal(Drawdown.None, Drawdown.Maximum(Series(100)));
    }

    [Theory]
    [InlineData("100 101 102.5 200")]
    [InlineData("100 100 100")]
    [InlineData("-50 -10 0 5")]
    public void equity_that_never_falls_has_no_drawdown(string equity)
    {
        var values = equity.Split(' ').Select(e => decimal.Parse(e, CultureInfo.InvariantCulture)).ToArray();

        var drawdown = Drawdown.Maximum(Series(values));

        Assert.Equal(0m, drawdown.Amount);
        Assert.Equal(0m, drawdown.Fraction);
    }

    [Fact]
    public void the_deepest_fall_from_a_previous_peak_is_found_with_its_times()
    {
        // Peaks 100, 120, 130; the worst fall is 120 -> 80 = 40, a third of the peak.
        // The 100 -> 90 fall (10) and 130 -> 125 (5) are smaller.
        var drawdown = Drawdown.Maximum(Series(100, 120, 90, 110, 80, 130, 125));

        Assert.Equal(40m, drawdown.Amount);
        Assert.Equal(40m / 120m, drawdown.Fraction);
        Assert.Equal(Start.AddHours(1), drawdown.PeakAt);
        Assert.Equal(Start.AddHours(4), drawdown.TroughAt);
    }

    [Fact]
    public void a_recovery_to_a_new_peak_starts_a_new_measure()
    {
        // 100 -> 95 (5), new peak 200 -> 150 (50): the later, larger fall wins.
        var drawdown = Drawdown.Maximum(Series(100, 95, 200, 150, 180));

        Assert.Equal(50m, drawdown.Amount);
        Assert.Equal(0.25m, drawdown.Fraction);
        Assert.Equal(Start.AddHours(2), drawdown.PeakAt);
        Assert.Equal(Start.AddHours(3), drawdown.TroughAt);
    }

    [Fact]
    public void the_maximum_is_the_largest_amount_not_the_largest_fraction()
    {
        // 100 -> 50 is half the peak (50); 1000 -> 900 is a tenth (100). Amount decides.
        var drawdown = Drawdown.Maximum(Series(100, 50, 1000, 900));

        Assert.Equal(100m, drawdown.Amount);
        Assert.Equal(0.1m, drawdown.Fraction);
    }

    [Fact]
    public void a_fall_from_a_peak_that_was_not_positive_has_no_fraction()
    {
        var drawdown = Drawdown.Maximum(Series(-10, -25));

        Assert.Equal(15m, drawdown.Amount);
        Assert.Equal(0m, drawdown.Fraction);
    }

    [Fact]
    public void a_fall_below_zero_counts_in_full()
    {
        var drawdown = Drawdown.Maximum(Series(50, -30, 10));

        Assert.Equal(80m, drawdown.Amount);
        Assert.Equal(1.6m, drawdown.Fraction);
    }

    private static IEnumerable<(DateTimeOffset At, decimal Equity)> Series(params decimal[] equity) =>
        equity.Select((e, i) => (Start.AddHours(i), e)).ToArray();
}
