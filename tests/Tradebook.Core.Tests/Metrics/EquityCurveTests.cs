using Tradebook.Core.Bots;
using Tradebook.Core.Domain;
using Tradebook.Core.Metrics;

namespace Tradebook.Core.Tests.Metrics;

public sealed class EquityCurveTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void each_interval_keeps_its_last_reading_and_the_drawdown_from_every_earlier_peak()
    {
        // 10:00 100, 10:20 120, 10:40 90 | 11:00 95, 11:20 130. The 10:20 peak of 120 is inside the first
        // hour, yet the first point's drawdown is measured from it: (120 - 90) / 120 = 0.25.
        var points = new[] { 100m, 120m, 90m, 95m, 130m }.Select((e, i) => new EquityPoint(Start.AddHours(10).AddMinutes(20 * i), e));

        var curve = EquityCurve.Downsample(points, TimeSpan.FromHours(1));

        Assert.Equal(2, curve.Count);
        Assert.Equal(new EquityCurvePoint(Start.AddHours(10).AddMinutes(40), 90m, 0.25m), curve[0]);
        Assert.Equal(new EquityCurvePoint(Start.AddHours(11).AddMinutes(20), 130m, 0m), curve[1]);
    }

    [Fact]
    public void an_interval_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EquityCurve.Downsample([], TimeSpan.Zero));
    }

    [Theory]
    [InlineData(null, null, 60, "running")]
    [InlineData(null, null, 600, "stale")]
    [InlineData(1, null, 60, "paused")]
    [InlineData(1, 1, 60, "archived")]
    [InlineData(null, 1, 60, "archived")]
    [InlineData(null, null, 60, "running", BotMode.Backtest)]
    [InlineData(null, null, 600, "finished", BotMode.Backtest)]
    [InlineData(1, null, 600, "paused", BotMode.Backtest)]
    public void a_bots_status_follows_its_lifecycle_and_when_it_was_last_seen(int? paused, int? archived, int secondsSinceSeen, string expected, BotMode mode = BotMode.Live)
    {
        var now = Start.AddDays(1);
        var status = BotLiveness.Of(mode, paused is null ? null : Start, archived is null ? null : Start, now.AddSeconds(-secondsSinceSeen), now, TimeSpan.FromMinutes(5));

        Assert.Equal(expected, status.ToString().ToLowerInvariant());
    }

    [Fact]
    public void a_bot_never_seen_is_stale_and_a_backtest_never_seen_finished()
    {
        // An imported backtest was shown as a bot that had stopped, "never seen".
        Assert.Equal(BotStatus.Stale, BotLiveness.Of(BotMode.Paper, null, null, null, Start, TimeSpan.FromMinutes(5)));
        Assert.Equal(BotStatus.Finished, BotLiveness.Of(BotMode.Backtest, null, null, null, Start, TimeSpan.FromMinutes(5)));
    }
}
