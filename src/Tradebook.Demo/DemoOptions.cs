using Tradebook.Demo.Market;

namespace Tradebook.Demo;

/// <summary>How the demo replays its market: the seed, the pace, how much history it writes at once.</summary>
public sealed record DemoOptions
{
    /// <summary>The market history's seed; the same seed writes the same records.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>Hourly bars replayed per second of wall time once the backfill is written: 4 means a simulated day every 6 seconds.</summary>
    public double BarsPerSecond { get; init; } = 4;

    /// <summary>Bars written as fast as the server takes them before live pacing starts, so charts are not empty.</summary>
    public int BackfillBars { get; init; } = 200;

    /// <summary>Bars per request during the backfill.</summary>
    public int BackfillBatch { get; init; } = 50;

    /// <summary>The length of the history in hourly bars (330 days by default).</summary>
    public int HistoryBars { get; init; } = 24 * 330;

    /// <summary>The first bar's time: fixed by default, so that the replay never writes a time in the future.</summary>
    public DateTimeOffset Start { get; init; } = MarketHistory.DefaultStart;

    /// <summary>How often each bot sends a heartbeat, in wall time.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>After the last bar, keep the bots' heartbeats going until cancelled (true) or return (false).</summary>
    public bool KeepAliveAtEnd { get; init; } = true;

    /// <summary>Where progress and retries are reported; nowhere when null.</summary>
    public Action<string>? Log { get; init; }

    public void Validate()
    {
        if (!(BarsPerSecond > 0) || double.IsInfinity(BarsPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(BarsPerSecond), BarsPerSecond, "The demo's pace must be a positive number of bars per second.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(HistoryBars, 2, nameof(HistoryBars));
        ArgumentOutOfRangeException.ThrowIfNegative(BackfillBars, nameof(BackfillBars));
        ArgumentOutOfRangeException.ThrowIfLessThan(BackfillBatch, 1, nameof(BackfillBatch));
        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HeartbeatInterval), HeartbeatInterval, "The heartbeat interval must be positive.");
        }
    }
}
