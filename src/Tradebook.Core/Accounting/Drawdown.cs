namespace Tradebook.Core.Accounting;

/// <summary>The deepest fall of equity from a previous peak.</summary>
/// <param name="Amount">Peak minus trough, in the equity currency.</param>
/// <param name="Fraction">That fall as a fraction of the peak (0 when the peak was not positive).</param>
/// <param name="PeakAt">When the peak was seen.</param>
/// <param name="TroughAt">When the trough was seen.</param>
public readonly record struct Drawdown(decimal Amount, decimal Fraction, DateTimeOffset? PeakAt, DateTimeOffset? TroughAt)
{
    public static readonly Drawdown None = new(0, 0, null, null);

    /// <summary>Maximum drawdown over equity snapshots taken in time order.</summary>
    public static Drawdown Maximum(IEnumerable<(DateTimeOffset At, decimal Equity)> snapshots)
    {
        var tracker = new DrawdownTracker();
        foreach (var (at, equity) in snapshots)
        {
            tracker.Add(at, equity);
        }

        return tracker.Worst;
    }
}
