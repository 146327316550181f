namespace Tradebook.Import.Consolidation;

/// <summary>
/// Merges one kind of record across the ranked copies by natural key: the first (highest-ranked) version
/// wins, equal versions are duplicates, differing versions are reported conflicts.
/// </summary>
internal static class KeyedMerge
{
    public static void Merge<T>(
        IReadOnlyList<RankedSource> ranked,
        string kind,
        Func<ImportSet, List<T>> records,
        Func<T, string> key,
        Func<RankedSource, T, T> normalise,
        ImportSet target,
        List<T> into,
        List<Conflict> conflicts)
        where T : notnull
    {
        var kept = new Dictionary<string, (T Record, RankedSource Source)>(StringComparer.Ordinal);
        foreach (var source in ranked)
        {
            foreach (var raw in records(source.Source.Set))
            {
                var record = normalise(source, raw);
                var k = key(record);
                if (!kept.TryGetValue(k, out var winner))
                {
                    kept[k] = (record, source);
                    into.Add(record);
                    continue;
                }

                var differences = RecordDiff.Differences(winner.Record, record);
                if (differences.Count == 0)
                {
                    if (winner.Source == source)
                    {
                        target.Duplicates.Add($"{source.Name}: {kind} {k} appears more than once");
                    }

                    continue;
                }

                conflicts.Add(new Conflict(
                    kind,
                    k,
                    winner.Source.Name,
                    source.Name,
                    differences,
                    winner.Source == source ? "the key appears twice in one copy; the first row is kept" : $"{winner.Source.Name} ranks above {source.Name}: {winner.Source.Reason}"));
            }
        }
    }
}
