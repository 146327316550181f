namespace Tradebook.Import.Doctor;

/// <summary>
/// Groups databases that hold the same kind of data (similar tables and columns) and compares the
/// copies: which is freshest, how their natural keys overlap, and how their schemas differ.
/// </summary>
internal static class DatabaseGrouper
{
    /// <summary>Share of table.column names two databases must have in common to count as copies of one another.</summary>
    private const decimal SimilarityThreshold = 0.6m;

    private const int DifferingSampleSize = 10;

    public static List<DatabaseGroup> Group(IReadOnlyList<InspectedDatabase> databases)
    {
        var candidates = databases.Where(d => d.Report.Error is null && d.Report.Tables.Count > 0).ToList();
        var shapes = candidates.Select(d => Shape(d.Report)).ToList();
        var parent = Enumerable.Range(0, candidates.Count).ToArray();
        int Root(int i) => parent[i] == i ? i : parent[i] = Root(parent[i]);
        for (var i = 0; i < candidates.Count; i++)
        {
            for (var j = i + 1; j < candidates.Count; j++)
            {
                if (Similarity(shapes[i], shapes[j]) >= SimilarityThreshold)
                {
                    parent[Root(i)] = Root(j);
                }
            }
        }

        return Enumerable.Range(0, candidates.Count)
            .GroupBy(Root)
            .Where(g => g.Count() > 1)
            .Select(g => Analyse(g.Select(i => candidates[i]).ToList(), g.Select(i => shapes[i]).ToList()))
            .OrderBy(g => g.Freshest, StringComparer.Ordinal)
            .ToList();
    }

    private static HashSet<string> Shape(DatabaseReport report) =>
        report.Tables.SelectMany(t => t.Columns.Select(c => $"{t.Name}.{c}".ToLowerInvariant())).ToHashSet(StringComparer.Ordinal);

    private static decimal Similarity(HashSet<string> a, HashSet<string> b)
    {
        var union = a.Union(b).Count();
        return union == 0 ? 0 : (decimal)a.Intersect(b).Count() / union;
    }

    private static DatabaseGroup Analyse(List<InspectedDatabase> members, List<HashSet<string>> shapes)
    {
        // Freshest first: latest activity in the data, then file modification time as the weaker hint.
        var order = Enumerable.Range(0, members.Count)
            .OrderByDescending(i => members[i].Report.LastActivity ?? DateTimeOffset.MinValue)
            .ThenByDescending(i => members[i].Report.ModifiedAt)
            .ThenBy(i => members[i].Report.Path, StringComparer.Ordinal)
            .ToList();
        var sorted = order.Select(i => members[i]).ToList();
        var freshest = sorted[0].Report;

        var minSimilarity = 1m;
        for (var i = 0; i < shapes.Count; i++)
        {
            for (var j = i + 1; j < shapes.Count; j++)
            {
                minSimilarity = Math.Min(minSimilarity, Similarity(shapes[i], shapes[j]));
            }
        }

        var overlaps = new List<KeyOverlap>();
        for (var i = 0; i < sorted.Count; i++)
        {
            for (var j = i + 1; j < sorted.Count; j++)
            {
                overlaps.AddRange(Overlaps(sorted[i], sorted[j]));
            }
        }

        // A same-shaped file is only a stale copy when it shares rows with the freshest one; files
        // partitioned by design (one price history per symbol) share a schema but no keys.
        var details = sorted.Select(m => new GroupMember(
                m.Report.Path,
                m.Report.RelativePath,
                m.Report.LastActivity,
                m.Report.ModifiedAt,
                m.Report.Tables.ToDictionary(t => t.Name, t => t.Rows, StringComparer.Ordinal),
                m != sorted[0] && IsOlder(m.Report, freshest)
                    && overlaps.Any(o => o.A == freshest.Path && o.B == m.Report.Path && o.InBoth > 0)))
            .ToList();

        var differences = sorted.Skip(1)
            .Select(m => Difference(m.Report, freshest))
            .Where(d => d.MissingTables.Count + d.ExtraTables.Count + d.MissingColumns.Count + d.ExtraColumns.Count > 0)
            .ToList();

        return new DatabaseGroup(
            sorted.Select(m => m.Report.Path).ToList(),
            freshest.Path,
            Math.Round(minSimilarity, 2),
            details,
            overlaps,
            differences);
    }

    private static bool IsOlder(DatabaseReport candidate, DatabaseReport freshest) =>
        candidate.LastActivity is { } mine && freshest.LastActivity is { } theirs
            ? mine < theirs
            : candidate.ModifiedAt < freshest.ModifiedAt;

    private static IEnumerable<KeyOverlap> Overlaps(InspectedDatabase a, InspectedDatabase b)
    {
        foreach (var left in a.Keys)
        {
            var right = b.Keys.FirstOrDefault(k =>
                string.Equals(k.Table, left.Table, StringComparison.OrdinalIgnoreCase)
                && string.Equals(k.KeyColumn, left.KeyColumn, StringComparison.OrdinalIgnoreCase));
            if (right is null)
            {
                continue;
            }

            // Compare only the columns both copies have, the key itself aside.
            var shared = left.Columns
                .Select((name, index) => (name, index, other: right.Columns.ToList().FindIndex(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase))))
                .Where(c => c.other >= 0 && !string.Equals(c.name, left.KeyColumn, StringComparison.OrdinalIgnoreCase))
                .ToList();
            long both = 0, differing = 0;
            var sample = new List<string>();
            foreach (var (key, values) in left.FirstRowByKey)
            {
                if (!right.FirstRowByKey.TryGetValue(key, out var others))
                {
                    continue;
                }

                both++;
                if (shared.Any(c => !string.Equals(values[c.index], others[c.other], StringComparison.Ordinal)))
                {
                    differing++;
                    if (sample.Count < DifferingSampleSize)
                    {
                        sample.Add(key);
                    }
                }
            }

            sample.Sort(StringComparer.Ordinal);
            yield return new KeyOverlap(
                left.Table,
                left.KeyColumn,
                a.Report.Path,
                b.Report.Path,
                both,
                left.FirstRowByKey.Count - both,
                right.FirstRowByKey.Count - both,
                differing,
                sample);
        }
    }

    private static SchemaDifference Difference(DatabaseReport copy, DatabaseReport reference)
    {
        static Dictionary<string, HashSet<string>> Columns(DatabaseReport r) =>
            r.Tables.ToDictionary(
                t => t.Name.ToLowerInvariant(),
                t => t.Columns.Select(c => c.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal);

        var mine = Columns(copy);
        var theirs = Columns(reference);
        var missingTables = theirs.Keys.Except(mine.Keys).Order(StringComparer.Ordinal).ToList();
        var extraTables = mine.Keys.Except(theirs.Keys).Order(StringComparer.Ordinal).ToList();
        var shared = mine.Keys.Intersect(theirs.Keys).Order(StringComparer.Ordinal).ToList();
        var missingColumns = shared.SelectMany(t => theirs[t].Except(mine[t]).Order(StringComparer.Ordinal).Select(c => $"{t}.{c}")).ToList();
        var extraColumns = shared.SelectMany(t => mine[t].Except(theirs[t]).Order(StringComparer.Ordinal).Select(c => $"{t}.{c}")).ToList();
        return new SchemaDifference(copy.Path, reference.Path, missingTables, extraTables, missingColumns, extraColumns);
    }
}
