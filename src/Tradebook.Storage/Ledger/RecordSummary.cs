namespace Tradebook.Storage.Ledger;

/// <summary>How many rows of one kind a record call inserted, found already recorded, or updated.</summary>
public sealed record KindCount(int Inserted, int Existing, int Updated)
{
    public static readonly KindCount Zero = new(0, 0, 0);
}

/// <summary>What a record call did, per kind of row; and each keyed row when <see cref="RecordDetail.Rows"/> was asked for.</summary>
public sealed record RecordSummary(IReadOnlyDictionary<string, KindCount> Kinds, IReadOnlyList<RecordedRow> Rows)
{

    public int Inserted => Kinds.Values.Sum(k => k.Inserted);

    public int Existing => Kinds.Values.Sum(k => k.Existing);

    public int Updated => Kinds.Values.Sum(k => k.Updated);

    public KindCount this[string kind] => Kinds.TryGetValue(kind, out var count) ? count : KindCount.Zero;

    /// <summary>What was done after <paramref name="earlier"/>, a summary of the same recorder taken before.</summary>
    public RecordSummary Since(RecordSummary earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new RecordSummary(Kinds
            .Select(k => (k.Key, Count: new KindCount(k.Value.Inserted - earlier[k.Key].Inserted, k.Value.Existing - earlier[k.Key].Existing, k.Value.Updated - earlier[k.Key].Updated)))
            .Where(k => k.Count != KindCount.Zero)
            .ToDictionary(k => k.Key, k => k.Count, StringComparer.Ordinal),
            Rows.Skip(earlier.Rows.Count).ToList());
    }
}
