using Tradebook.Core.Bots;
using Tradebook.Core.Domain;

namespace Tradebook.Core.Tests.Bots;

/// <summary>A bot's status from when it was last seen, and when a running one turns stale if it falls silent.</summary>
public sealed class BotLivenessTests
{
    private static readonly DateTimeOffset Seen = new(2026, 12, 8, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

    [Fact]
    public void a_running_bot_runs_until_the_stale_time_after_it_was_last_seen_and_is_stale_past_it()
    {
        var running = BotLiveness.Of(BotMode.Paper, null, null, Seen, Seen.AddMinutes(4), StaleAfter);
        var until = BotLiveness.RunningUntil(running, Seen, StaleAfter);

        Assert.Equal(BotStatus.Running, running);
        Assert.Equal(Seen.AddMinutes(5), until);
        Assert.Equal(BotStatus.Running, BotLiveness.Of(BotMode.Paper, null, null, Seen, until!.Value, StaleAfter));
        Assert.Equal(BotStatus.Stale, BotLiveness.Of(BotMode.Paper, null, null, Seen, until.Value.AddTicks(1), StaleAfter));
    }

    [Theory]
    [InlineData(BotStatus.Stale)]
    [InlineData(BotStatus.Paused)]
    [InlineData(BotStatus.Archived)]
    [InlineData(BotStatus.Finished)]
    public void a_bot_in_any_other_status_has_no_time_to_turn_stale(BotStatus status) =>
        Assert.Null(BotLiveness.RunningUntil(status, Seen, StaleAfter));
}
