using System.Globalization;

namespace Tradebook.Import.Consolidation;

/// <summary>A copy's place in the precedence order and the reason for it.</summary>
internal sealed record RankedSource(ConsolidationSource Source, int Index, int Rank, string Reason, DateTimeOffset? LatestData, DateTimeOffset? FileWrittenAt)
{
    public string Name => Source.Name;
}

/// <summary>
/// Orders copies by precedence: a preferred copy first, then the most recently written. Recency is read
/// from the content (the latest time in the data) because copying or restoring a file resets its
/// time; the file's write time only breaks ties.
/// </summary>
internal static class SourceRanking
{
    public static List<RankedSource> Rank(IReadOnlyList<ConsolidationSource> sources, string? prefer)
    {
        var preferred = prefer is null ? -1 : FindPreferred(sources, prefer);
        var facts = sources.Select((s, i) => (Source: s, Index: i, Latest: LatestData(s.Set), Written: FileTime(s.Set.Source.Path))).ToList();
        var ordered = facts
            .OrderBy(f => f.Index == preferred ? 0 : 1)
            .ThenByDescending(f => f.Latest ?? DateTimeOffset.MinValue)
            .ThenByDescending(f => f.Written ?? DateTimeOffset.MinValue)
            .ThenBy(f => f.Index)
            .ToList();

        var ranked = new List<RankedSource>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var f = ordered[i];
            var reason = f.Index == preferred
                ? $"preferred by name (\"{prefer}\")"
                : $"latest data {Show(f.Latest)}, file written {Show(f.Written)}";
            if (f.Index != preferred && i > 0 && ordered[i - 1].Latest == f.Latest && f.Latest is not null)
            {
                reason += "; latest data ties with the copy above, so the file time decides";
            }

            ranked.Add(new RankedSource(f.Source, f.Index, i + 1, reason, f.Latest, f.Written));
        }

        return ranked;
    }

    private static int FindPreferred(IReadOnlyList<ConsolidationSource> sources, string prefer)
    {
        var exact = Matches(sources, s => s.Name == prefer);
        if (exact.Count == 1)
        {
            return exact[0];
        }

        var wanted = Normalise(prefer);
        var suffix = Matches(sources, s => Normalise(s.Name) == wanted || Normalise(s.Name).EndsWith("/" + wanted, StringComparison.Ordinal));
        return suffix.Count switch
        {
            1 => suffix[0],
            0 => throw new ArgumentException(
                $"No consolidated copy is named \"{prefer}\"; copies: {string.Join(", ", sources.Select(s => s.Name))}.", nameof(prefer)),
            _ => throw new ArgumentException(
                $"\"{prefer}\" names {suffix.Count} copies ({string.Join(", ", suffix.Select(i => sources[i].Name))}); give more of the path.",
                nameof(prefer)),
        };
    }

    private static List<int> Matches(IReadOnlyList<ConsolidationSource> sources, Func<ConsolidationSource, bool> match) =>
        sources.Select((s, i) => (s, i)).Where(x => match(x.s)).Select(x => x.i).ToList();

    private static string Normalise(string path) => path.Replace('\\', '/');

    /// <summary>The latest moment any record of the copy speaks of: when the copy was last written to.</summary>
    internal static DateTimeOffset? LatestData(ImportSet set)
    {
        DateTimeOffset? latest = null;
        void Seen(DateTimeOffset t)
        {
            if (latest is null || t > latest)
            {
                latest = t;
            }
        }

        set.Fills.ForEach(f => Seen(f.Timestamp));
        set.Orders.ForEach(o => Seen(o.Timestamp));
        set.CashFlows.ForEach(c => Seen(c.Timestamp));
        set.Decisions.ForEach(d => Seen(d.Timestamp));
        set.Signals.ForEach(s => Seen(s.Timestamp));
        set.Snapshots.ForEach(s => Seen(s.Timestamp));
        return latest;
    }

    private static DateTimeOffset? FileTime(string path) =>
        File.Exists(path) ? new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero) : null;

    private static string Show(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "unknown";
}
