namespace Tradebook.Storage.Ledger;

/// <summary>How many rows of each kind a session inserted, found recorded already, or updated.</summary>
internal sealed class RowCounts
{
    private readonly Dictionary<string, Counter> _counts = new(StringComparer.Ordinal);

    /// <summary>What the session recorded so far, over every batch.</summary>
    public RecordSummary Summary =>
        new(_counts.ToDictionary(c => c.Key, c => new KindCount(c.Value.Inserted, c.Value.Existing, c.Value.Updated), StringComparer.Ordinal));

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

    private sealed class Counter
    {
        public int Inserted { get; set; }

        public int Existing { get; set; }

        public int Updated { get; set; }
    }
}
