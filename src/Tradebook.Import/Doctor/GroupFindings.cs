using System.Globalization;
using Tradebook.Core;

namespace Tradebook.Import.Doctor;

/// <summary>Findings about copies of one database: divergence (split brain), stale copies, schema drift.</summary>
internal static class GroupFindings
{
    public static IEnumerable<DoctorFinding> For(DatabaseGroup group, Func<string, string> display, Func<string, string> rootOf)
    {
        var freshest = group.Details[0];
        foreach (var pair in group.Overlaps.GroupBy(o => (o.A, o.B)))
        {
            var diverged = pair.Where(o => o.OnlyInA > 0 && o.OnlyInB > 0).ToList();
            if (diverged.Count == 0)
            {
                continue;
            }

            var (a, b) = (display(pair.Key.A), display(pair.Key.B));
            var detail = string.Join("; ", diverged.Select(o =>
                $"{o.Table}.{o.KeyColumn}: {o.InBoth} in both, {o.OnlyInA} only in {a}, {o.OnlyInB} only in {b}"
                + (o.Differing > 0 ? $", {o.Differing} in both with different values" : "")));
            var stale = group.Details.First(d => d.Path == pair.Key.B);
            var fresh = group.Details.First(d => d.Path == pair.Key.A);
            yield return new DoctorFinding(FindingSeverity.Error, FindingCodes.SplitBrain, pair.Key.B,
                $"{a} and {b} are copies of one database that were both written after they split ({detail}). "
                + $"{b} is the stale copy (last activity {When(stale.LastActivity)} vs {When(fresh.LastActivity)} in {a}). "
                + "Consolidate them into one Tradebook database, then point every process at it by an absolute path, so that no working directory can split it again.",
                new Remedy(RemedyKind.ConsolidateFolder, rootOf(pair.Key.A)));
        }

        foreach (var member in group.Details.Skip(1).Where(m => m.Stale))
        {
            var name = display(member.Path);
            var fresh = display(freshest.Path);
            var unique = group.Overlaps
                .Where(o => o.A == freshest.Path && o.B == member.Path)
                .Sum(o => o.OnlyInB);
            var counts = string.Join(", ", member.RowCounts.Select(kv =>
                $"{kv.Key} {kv.Value} vs {(freshest.RowCounts.TryGetValue(kv.Key, out var n) ? n.ToString(CultureInfo.InvariantCulture) : "none")}"));
            var advice = unique > 0
                ? $"It holds {unique} keyed rows that {fresh} lacks: import it too before archiving it."
                : $"Every keyed row it holds is also in {fresh}; archive it once you have checked.";
            yield return new DoctorFinding(unique > 0 ? FindingSeverity.Warning : FindingSeverity.Info, FindingCodes.StaleCopy, member.Path,
                $"{name} is an older copy of {fresh}: last activity {When(member.LastActivity)} vs {When(freshest.LastActivity)} "
                + $"(file modified {member.ModifiedAt:yyyy-MM-dd HH:mm}Z vs {freshest.ModifiedAt:yyyy-MM-dd HH:mm}Z); rows: {counts}. {advice}");
        }

        foreach (var difference in group.SchemaDifferences)
        {
            var name = display(difference.Path);
            var reference = display(difference.ComparedTo);
            var parts = new List<string>();
            if (difference.MissingColumns.Count > 0)
            {
                parts.Add($"lacks columns {string.Join(", ", difference.MissingColumns)}");
            }

            if (difference.MissingTables.Count > 0)
            {
                parts.Add($"lacks tables {string.Join(", ", difference.MissingTables)}");
            }

            if (difference.ExtraColumns.Count > 0)
            {
                parts.Add($"has extra columns {string.Join(", ", difference.ExtraColumns)}");
            }

            if (difference.ExtraTables.Count > 0)
            {
                parts.Add($"has extra tables {string.Join(", ", difference.ExtraTables)}");
            }

            var older = difference.ExtraColumns.Count == 0 && difference.ExtraTables.Count == 0 ? " (an older schema)" : "";
            yield return new DoctorFinding(FindingSeverity.Warning, FindingCodes.SchemaDrift, difference.Path,
                $"{name} {string.Join(" and ", parts)} compared with {reference}{older}. Values of missing columns are unknown in it; "
                + "values of extra columns exist only there.");
        }
    }


    private static string When(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "unknown";
}
