namespace Tradebook.Core.Metrics;

/// <summary>
/// The time covered by intervals, overlapping ones counted once: when a bot held a position, for its exposure.
/// Kept as disjoint intervals in order with the running total of their lengths, so that adding a round trip
/// that ended lately costs little, and the time covered within any range takes two binary searches, not a
/// walk over every round trip.
/// </summary>
public sealed class HeldTime
{
    private readonly List<long> _starts = [];
    private readonly List<long> _ends = [];

    /// <summary>The total length of the intervals before each one, in ticks.</summary>
    private readonly List<long> _before = [];

    /// <summary>Disjoint intervals kept (overlapping and touching ones are merged).</summary>
    public int Count => _starts.Count;

    /// <summary>Adds an interval; an empty or reversed one covers nothing.</summary>
    public void Add(DateTimeOffset from, DateTimeOffset to)
    {
        var (start, end) = (from.UtcTicks, to.UtcTicks);
        if (end <= start)
        {
            return;
        }

        // The intervals it overlaps or touches are merged into it: from the first that ends at or after its start.
        var first = FirstEndingAtOrAfter(start);
        var after = first;
        while (after < _starts.Count && _starts[after] <= end)
        {
            start = Math.Min(start, _starts[after]);
            end = Math.Max(end, _ends[after]);
            after++;
        }

        _starts.RemoveRange(first, after - first);
        _ends.RemoveRange(first, after - first);
        _before.RemoveRange(first, after - first);
        _starts.Insert(first, start);
        _ends.Insert(first, end);
        _before.Insert(first, 0);
        for (var i = first; i < _starts.Count; i++)
        {
            _before[i] = i == 0 ? 0 : _before[i - 1] + (_ends[i - 1] - _starts[i - 1]);
        }
    }

    /// <summary>How much of the range from <paramref name="from"/> to <paramref name="to"/> the intervals cover, in ticks.</summary>
    public long Covered(DateTimeOffset from, DateTimeOffset to) => Covered(from.UtcTicks, to.UtcTicks);

    private long Covered(long from, long to)
    {
        if (to <= from || _starts.Count == 0)
        {
            return 0;
        }

        var first = FirstEndingAfter(from);
        var last = LastStartingBefore(to);
        if (first > last)
        {
            return 0;
        }

        var whole = _before[last] + (_ends[last] - _starts[last]) - _before[first];
        return whole - Math.Max(0, from - _starts[first]) - Math.Max(0, _ends[last] - to);
    }

    /// <summary>
    /// How much of the range the intervals and one more cover together: the round trips still open, which all
    /// run from their opening until now and so cover, together, one interval from the earliest opening.
    /// </summary>
    public long CoveredWith(DateTimeOffset from, DateTimeOffset to, DateTimeOffset extraFrom, DateTimeOffset extraTo)
    {
        var (start, end) = (from.UtcTicks, to.UtcTicks);
        var extraStart = Math.Max(start, extraFrom.UtcTicks);
        var extraEnd = Math.Min(end, extraTo.UtcTicks);
        var covered = Covered(start, end);
        return extraEnd <= extraStart ? covered : covered + (extraEnd - extraStart) - Covered(extraStart, extraEnd);
    }

    // Ends are strictly increasing: the intervals are disjoint and do not touch.
    private int FirstEndingAtOrAfter(long ticks)
    {
        var index = _ends.BinarySearch(ticks);
        return index >= 0 ? index : ~index;
    }

    private int FirstEndingAfter(long ticks)
    {
        var index = _ends.BinarySearch(ticks);
        return index >= 0 ? index + 1 : ~index;
    }

    private int LastStartingBefore(long ticks)
    {
        var index = _starts.BinarySearch(ticks);
        return (index >= 0 ? index : ~index) - 1;
    }
}
