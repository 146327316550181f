namespace Tradebook.Core.Accounting;

/// <summary>
/// The maximum drawdown of equity readings taken one at a time, in time order: what <see cref="Drawdown.Maximum"/>
/// folds, kept so that a reader can go on from the last reading instead of reading every one again.
/// </summary>
public sealed class DrawdownTracker
{
    private decimal? _peak;
    private DateTimeOffset? _peakAt;

    /// <summary>The deepest fall so far.</summary>
    public Drawdown Worst { get; private set; } = Drawdown.None;

    public void Add(DateTimeOffset at, decimal equity)
    {
        if (_peak is not { } peak || equity > peak)
        {
            (_peak, _peakAt) = (equity, at);
            return;
        }

        var fall = peak - equity;
        if (fall > Worst.Amount)
        {
            Worst = new Drawdown(fall, peak > 0 ? fall / peak : 0, _peakAt, at);
        }
    }
}
