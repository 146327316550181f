namespace Tradebook.Storage.Ledger;

/// <summary>
/// How many rows of each kind a session inserted, found recorded already, or updated; and, when asked
/// for <see cref="RecordDetail.Rows"/>, each keyed row with its id (an import of millions keeps counts only).
/// </summary>
internal sealed class RowCounts(RecordDetail detail = RecordDetail.Counts)
{
    private readonly Dictionary<string, Counter> _counts = new(StringComparer.Ordinal);
    private readonly List<RecordedRow> _rows = [];

    /// <summary>Whether the ids of keyed rows are wanted, so that writers fetch them.</summary>
    public bool KeepsRows => detail == RecordDetail.Rows;

    /// <summary>What the session recorded so far, over every batch.</summary>
    public RecordSummary Summary =>
        new(_counts.ToDictionary(c => c.Key, c => new KindCount(c.Value.Inserted, c.Value.Existing, c.Value.Updated), StringComparer.Ordinal), _rows.ToList());

    /// <summary>Counts rows per kind, in counters changed in place: it runs for every row.</summary>
    public void Count(string kind, int inserted = 0, int existing = 0, int updated = 0)
    {
        if (!_counts.TryGetValue(kind, out var counter))
        {
            counter = new Counter();
            _counts[kind] = counter;
        }

        counter.Inserted += inserted;
        counter.Existing += existing;
        counter.Updated += updated;
    }

    /// <summary>Counts a keyed row, and keeps it when rows are wanted and its id is known.</summary>
    public void Count(string kind, string bot, string key, long? id, RowOutcome outcome)
    {
        Count(kind, inserted: outcome == RowOutcome.Inserted ? 1 : 0, existing: outcome == RowOutcome.Existing ? 1 : 0, updated: outcome == RowOutcome.Updated ? 1 : 0);
        if (KeepsRows && id is { } stored)
        {
            _rows.Add(new RecordedRow(kind, bot, key, stored, outcome));
        }
    }

    /// <summary>A row counted as existing turned out to change (an order's new status).</summary>
    public void Updated(string kind, string bot, string key)
    {
        Count(kind, existing: -1, updated: 1);
        var last = _rows.FindLastIndex(r => r.Kind == kind && r.Bot == bot && r.Key == key);
        if (last >= 0)
        {
            _rows[last] = _rows[last] with { Outcome = RowOutcome.Updated };
        }
    }

    private sealed class Counter
    {
        public int Inserted { get; set; }

        public int Existing { get; set; }

        public int Updated { get; set; }
    }
}
