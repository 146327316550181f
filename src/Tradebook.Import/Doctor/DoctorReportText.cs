using System.Globalization;
using Tradebook.Core;

namespace Tradebook.Import.Doctor;

/// <summary>A compact plain-text summary of a <see cref="DoctorReport"/>, one line per item, for a terminal.</summary>
public static class DoctorReportText
{
    /// <param name="remedy">Words a finding's remedy as the front end's own command.</param>
    public static IEnumerable<string> Render(DoctorReport report, Func<Remedy, string> remedy)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(remedy);
        var errors = report.Findings.Count(f => f.Severity == FindingSeverity.Error);
        var warnings = report.Findings.Count(f => f.Severity == FindingSeverity.Warning);
        yield return $"Scanned {string.Join(", ", report.Roots)}: {report.FilesScanned} files, {report.Databases.Count} SQLite databases, "
            + $"{report.NonSqliteFiles.Count} database-named files that are not SQLite, {report.ConfigReferences.Count} database references in configuration.";
        yield return $"{errors} errors, {warnings} warnings, {report.Findings.Count - errors - warnings} notes.";
        yield return $"Tradebook {report.Versions.Tradebook} on SQLite {report.Versions.Sqlite} (writes schema version {report.Versions.SchemaVersion}).";

        if (report.Findings.Count > 0)
        {
            yield return "";
            yield return "Findings (a split brain first, with its remedy; repeated findings grouped):";
            foreach (var group in report.Findings.GroupBy(f => (f.Severity, f.Code)))
            {
                var findings = group.ToList();
                if (findings.Count < GroupFrom)
                {
                    foreach (var finding in findings)
                    {
                        yield return $"  {Label(finding.Severity)} [{finding.Code}] {Text(finding, remedy)}";
                    }

                    continue;
                }

                yield return $"  {Label(group.Key.Severity)} [{group.Key.Code}] {findings.Count} findings in {findings.Select(f => f.Path).Distinct(StringComparer.Ordinal).Count()} files, the first {Shown}:";
                foreach (var finding in findings.Take(Shown))
                {
                    yield return $"      {Text(finding, remedy)}";
                }

                var rest = findings.Skip(Shown).Select(f => Relative(report, f.Path)).Distinct(StringComparer.Ordinal).ToList();
                yield return $"      … and {findings.Count - Shown} more like them in {string.Join(", ", rest.Take(10))}{(rest.Count > 10 ? ", …" : "")} (all in the JSON report)";
            }
        }

        if (report.Databases.Count > 0)
        {
            yield return "";
            yield return "Databases:";
            foreach (var db in report.Databases)
            {
                var tables = string.Join(", ", db.Tables.Select(t => $"{t.Name} {t.Rows}"));
                var state = db.Error is not null ? "UNREADABLE" : db.IntegrityOk ? "ok" : "DAMAGED";
                yield return $"  {db.RelativePath}  {db.SizeBytes} B  {state}  written by SQLite {db.WrittenBySqlite ?? "?"}  journal {db.JournalMode ?? "?"}"
                    + $"{(db.WalBytes > 0 ? $"  wal {db.WalBytes} B" : "")}  schema {db.Schema.Family}"
                    + $"{(db.Schema.Generation is null ? "" : $" ({db.Schema.Generation})")}"
                    + $"  last activity {When(db.LastActivity)}  free {db.FreePercent.ToString(CultureInfo.InvariantCulture)}%";
                if (tables.Length > 0)
                {
                    yield return $"      tables: {tables}";
                }
            }
        }

        foreach (var group in report.Groups)
        {
            yield return "";
            yield return $"Copies of one database (similarity {group.Similarity.ToString(CultureInfo.InvariantCulture)}):";
            foreach (var member in group.Details)
            {
                var mark = member.Path == group.Freshest ? "freshest" : member.Stale ? "stale" : "";
                yield return $"  {member.RelativePath}  last activity {When(member.LastActivity)}  {mark}".TrimEnd();
            }

            foreach (var overlap in group.Overlaps)
            {
                var a = group.Details.First(d => d.Path == overlap.A).RelativePath;
                var b = group.Details.First(d => d.Path == overlap.B).RelativePath;
                yield return $"  {overlap.Table}.{overlap.KeyColumn} {a} vs {b}: {overlap.InBoth} both, {overlap.OnlyInA} only in {a}, "
                    + $"{overlap.OnlyInB} only in {b}, {overlap.Differing} differ";
            }
        }
    }

    /// <summary>Findings of one code and severity from this many on are shown as a group.</summary>
    private const int GroupFrom = 3;

    /// <summary>Messages shown in full per group.</summary>
    private const int Shown = 2;

    private static string Relative(DoctorReport report, string path)
    {
        var root = report.Roots.Where(r => path.StartsWith(r, StringComparison.Ordinal)).MaxBy(r => r.Length);
        return root is null ? path : Path.GetRelativePath(root, path).Replace('\\', '/');
    }

    private static string Text(DoctorFinding finding, Func<Remedy, string> remedy) =>
        finding.Remedy is { } fix ? $"{finding.Message} Remedy: {remedy(fix)}." : finding.Message;

    private static string Label(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "ERROR  ",
        FindingSeverity.Warning => "WARNING",
        _ => "INFO   ",
    };

    private static string When(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "unknown";
}
