using Tradebook.Core;
using Tradebook.Import.Doctor;

namespace Tradebook.Import.Tests.Doctor;

/// <summary>
/// <c>doctor</c> on a project folder built here: the split brain and its remedy come first, only what configures
/// a connection counts as configuration, and findings that repeat are grouped.
/// </summary>
public sealed class DoctorNoiseTests : IDisposable
{
    private const string Schema = "CREATE TABLE fills (uid TEXT PRIMARY KEY, pair TEXT, side TEXT, qty REAL, px REAL, created_at TEXT);";

    private readonly DoctorTestFolder _folder = DoctorTestFolder.Empty();

    public DoctorNoiseTests()
    {
        // Two copies written after they split: each holds fills the other lacks.
        _folder.CreateDatabase("state/book.sqlite", Schema + """
            INSERT INTO fills VALUES ('u-1', 'BTC/EUR', 'buy', 0.1, 50000, '2025-03-01T00:00:00Z');
            INSERT INTO fills VALUES ('u-2', 'BTC/EUR', 'sell', 0.1, 51000, '2025-03-02T00:00:00Z');
            INSERT INTO fills VALUES ('u-4', 'BTC/EUR', 'buy', 0.2, 49000, '2025-03-09T00:00:00Z');
            """);
        _folder.CreateDatabase("svc/state/book.sqlite", Schema + """
            INSERT INTO fills VALUES ('u-1', 'BTC/EUR', 'buy', 0.1, 50000, '2025-03-01T00:00:00Z');
            INSERT INTO fills VALUES ('u-2', 'BTC/EUR', 'sell', 0.1, 51000, '2025-03-02T00:00:00Z');
            INSERT INTO fills VALUES ('u-3', 'BTC/EUR', 'buy', 0.3, 48000, '2025-03-05T00:00:00Z');
            """);

        // What configures a connection: a URL, a connection key, a call that opens one, a settings file.
        File.WriteAllText(_folder.PathOf(".env"), "BOOK_URL=sqlite:///state/book.sqlite\n");
        Directory.CreateDirectory(_folder.PathOf("svc"));
        File.WriteAllText(_folder.PathOf("svc/worker.py"), "import sqlite3\nconn = sqlite3.connect(\"state/book.sqlite\")\nLABEL = \"book.sqlite is the ledger\"\n");
        File.WriteAllText(_folder.PathOf("svc/runtime.json"), "{\n  \"ledger_db_path\": \"state/book.sqlite\",\n  \"title\": \"nothing.db\"\n}\n");
        File.WriteAllText(_folder.PathOf("deploy.toml"), "[storage]\nfile = \"state/book.sqlite\"\n");

        // A data file that only mentions database file names, fifty times.
        var lines = Enumerable.Range(1, 50).Select(i => $"    \"snapshots/book-{i:00}.sqlite\"");
        File.WriteAllText(_folder.PathOf("state/archive_index.json"), "{\n  \"kept\": [\n" + string.Join(",\n", lines) + "\n  ]\n}\n");

        // Four files named like databases that are not: one finding each, grouped when shown.
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            File.WriteAllText(_folder.PathOf($"state/{name}.db"), "plain text, not a database\n");
        }
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void only_urls_connection_keys_connecting_calls_and_settings_files_count_as_configuration()
    {
        var report = DoctorScanner.Scan([_folder.Root], DoctorTestFolder.Clock);

        Assert.Equal(
            [(".env", 1), ("deploy.toml", 2), ("svc/runtime.json", 2), ("svc/worker.py", 2)],
            report.ConfigReferences.Select(r => (r.RelativeFile, r.Line)).OrderBy(r => r.RelativeFile, StringComparer.Ordinal));
        Assert.DoesNotContain(report.Findings, f => f.Path.EndsWith("archive_index.json", StringComparison.Ordinal));
        Assert.Equal(4, report.Findings.Count(f => f.Code == FindingCodes.RelativeDbPath));
    }

    [Fact]
    public void the_split_brain_comes_first_with_the_command_that_consolidates_the_copies()
    {
        var report = DoctorScanner.Scan([_folder.Root], DoctorTestFolder.Clock);

        var first = report.Findings[0];
        Assert.Equal(FindingCodes.SplitBrain, first.Code);
        Assert.Equal(new Remedy(RemedyKind.ConsolidateFolder, _folder.Root), first.Remedy);
        Assert.Contains("absolute path", first.Message, StringComparison.Ordinal);
        var text = DoctorReportText.Render(report, Worded).ToList();
        var findings = text.IndexOf(text.First(l => l.StartsWith("Findings", StringComparison.Ordinal)));
        Assert.Contains("[split_brain]", text[findings + 1], StringComparison.Ordinal);
        Assert.Contains($"Remedy: consolidate {_folder.Root}.", text[findings + 1], StringComparison.Ordinal);
    }

    [Fact]
    public void repeated_findings_are_grouped_in_the_text_and_counted_in_the_json()
    {
        var report = DoctorScanner.Scan([_folder.Root], DoctorTestFolder.Clock);

        var text = DoctorReportText.Render(report, Worded).ToList();
        Assert.Single(text, l => l.Contains("[not_sqlite]", StringComparison.Ordinal));
        Assert.Contains(text, l => l.Contains("[not_sqlite] 4 findings in 4 files", StringComparison.Ordinal));
        Assert.Contains(text, l => l.Contains("… and 2 more like them in state/c.db, state/d.db", StringComparison.Ordinal));
        var group = Assert.Single(report.FindingGroups, g => g.Code == FindingCodes.NotSqlite);
        Assert.Equal((FindingSeverity.Warning, 4), (group.Severity, group.Count));
        Assert.Contains("\"finding_groups\"", report.ToJson(), StringComparison.Ordinal);
    }

    // The front end's wording of a remedy; the CLI's own is tested with `tradebook doctor`.
    private static string Worded(Remedy remedy) => $"{(remedy.Kind == RemedyKind.ConsolidateFolder ? "consolidate" : remedy.Kind.ToString())} {remedy.Subject}";
}
