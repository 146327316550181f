using Tradebook.Import.Consolidation;

namespace Tradebook.Import.Planning;

/// <summary>
/// Which of the sources read are copies of one database, to be consolidated, and which stand alone. Sources the
/// user named together are copies when they share a format (as they always were). Databases found in a project
/// folder are copies when they share a format and at least one row: the same fill of the same bot. Two databases
/// of one kind that share nothing are two bots' data, imported side by side.
/// </summary>
public static class CopyGroups
{
    public static List<List<(ConsolidationSource Source, PlannedSource Plan)>> Of(IReadOnlyList<(ConsolidationSource Source, PlannedSource Plan)> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var groups = new List<List<(ConsolidationSource, PlannedSource)>>();
        foreach (var named in read.Where(r => r.Plan.Folder is null).GroupBy(r => r.Source.Set.Source.Format, StringComparer.Ordinal))
        {
            groups.Add(named.ToList());
        }

        foreach (var found in read.Where(r => r.Plan.Folder is not null).GroupBy(r => (r.Plan.Folder, r.Source.Set.Source.Format)))
        {
            groups.AddRange(SharingRows(found.ToList()));
        }

        return groups;
    }

    /// <summary>Connected groups of sources linked by a shared (bot, fill id), in the order they were found.</summary>
    private static IEnumerable<List<(ConsolidationSource Source, PlannedSource Plan)>> SharingRows(List<(ConsolidationSource Source, PlannedSource Plan)> sources)
    {
        var parent = Enumerable.Range(0, sources.Count).ToArray();
        int Root(int i) => parent[i] == i ? i : parent[i] = Root(parent[i]);
        var owner = new Dictionary<(string Bot, string Id), int>();
        for (var i = 0; i < sources.Count; i++)
        {
            foreach (var fill in sources[i].Source.Set.Fills)
            {
                if (!owner.TryAdd((fill.Bot, fill.Id), i))
                {
                    parent[Root(i)] = Root(owner[(fill.Bot, fill.Id)]);
                }
            }
        }

        return Enumerable.Range(0, sources.Count).GroupBy(Root).Select(g => g.Select(i => sources[i]).ToList());
    }
}
