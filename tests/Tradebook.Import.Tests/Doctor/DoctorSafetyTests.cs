using Tradebook.Import.Doctor;

namespace Tradebook.Import.Tests.Doctor;

public sealed class DoctorSafetyTests
{
    [Theory]
    [InlineData("trader")]
    [InlineData("fragmented")]
    public void scanning_leaves_every_file_byte_identical_and_creates_none(string sample)
    {
        using var folder = DoctorTestFolder.CopyOf(sample);
        var before = folder.Hashes();

        var report = DoctorScanner.Scan([folder.Root], DoctorTestFolder.Clock);

        Assert.NotEmpty(report.Databases);
        Assert.Equal(before, folder.Hashes());
    }

    [Fact]
    public void a_truncated_database_is_a_finding_not_a_crash()
    {
        using var folder = DoctorTestFolder.Empty();
        var good = folder.CreateDatabase("whole.db", """
            CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
            INSERT INTO t (v) SELECT printf('value %d with some padding to fill pages', i) FROM n;
            """);
        var bytes = File.ReadAllBytes(good);
        var truncated = folder.PathOf("cut.db");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2 + 100)]);
        var garbage = folder.PathOf("garbage.sqlite");
        var noise = new byte[8192];
        new Random(7).NextBytes(noise);
        "SQLite format 3\0"u8.CopyTo(noise);
        File.WriteAllBytes(garbage, noise);

        var report = DoctorScanner.Scan([folder.Root], DoctorTestFolder.Clock);

        Assert.Contains(report.Findings, f => f.Code == FindingCodes.Truncated && f.Path == truncated);
        Assert.Contains(report.Findings, f => f.Code is FindingCodes.Truncated or FindingCodes.IntegrityFailed && f.Path == garbage);
        Assert.DoesNotContain(report.Findings, f => f.Path == good);
        Assert.Equal(3, report.Databases.Count);
    }

    [Fact]
    public void build_dependency_and_vcs_folders_are_skipped()
    {
        using var folder = DoctorTestFolder.Empty();
        const string Sql = "CREATE TABLE t (id INTEGER PRIMARY KEY);";
        folder.CreateDatabase("data/app.db", Sql);
        foreach (var skipped in new[] { "bin/Debug", "obj", "node_modules/pkg", ".git/objects" })
        {
            folder.CreateDatabase($"{skipped}/copy.db", Sql);
        }

        var report = DoctorScanner.Scan([folder.Root], DoctorTestFolder.Clock);

        Assert.Equal(["data/app.db"], report.Databases.Select(d => d.RelativePath));
    }

    [Fact]
    public void a_broken_link_and_a_missing_path_are_reported()
    {
        using var folder = DoctorTestFolder.Empty();
        var link = folder.PathOf("gone.db");
        File.CreateSymbolicLink(link, folder.PathOf("nowhere.db"));
        var missing = folder.PathOf("no-such-folder");

        var report = DoctorScanner.Scan([folder.Root, missing], DoctorTestFolder.Clock);

        Assert.Contains(report.Findings, f => f.Code == FindingCodes.Unreadable && f.Path == link);
        Assert.Contains(report.Findings, f => f.Code == FindingCodes.PathNotFound && f.Path == missing && f.Severity == FindingSeverity.Error);
    }

    [Fact]
    public void an_undeclared_reference_with_missing_parents_is_an_orphan()
    {
        using var folder = DoctorTestFolder.Empty();
        folder.CreateDatabase("fleet.db", """
            CREATE TABLE strategies (id INTEGER PRIMARY KEY, name TEXT);
            CREATE TABLE fills (id INTEGER PRIMARY KEY, strategy_id INTEGER, fill_uuid TEXT, qty TEXT);
            INSERT INTO strategies VALUES (1, 'a'), (2, 'b');
            INSERT INTO fills (strategy_id, fill_uuid, qty) VALUES (1, 'u1', '1'), (2, 'u2', '1'), (3, 'u3', '1'), (3, 'u4', '2'), (4, 'u5', '1'), (NULL, 'u6', '1');
            """);

        var report = DoctorScanner.Scan([folder.Root], DoctorTestFolder.Clock);

        var orphan = Assert.Single(report.Databases.Single().Orphans);
        Assert.False(orphan.Declared);
        Assert.Equal(("fills", "strategy_id", "strategies", "id"), (orphan.Table, orphan.Column, orphan.ParentTable, orphan.ParentColumn));
        Assert.Equal(3, orphan.OrphanRows);
        Assert.Equal(["3", "4"], orphan.MissingValues);
        Assert.Equal("fill_uuid", report.Databases.Single().Tables.Single(t => t.Name == "fills").NaturalKey);
    }

    [Fact]
    public void freqtrade_and_tradebook_schemas_are_recognised_with_their_generation()
    {
        using var folder = DoctorTestFolder.Empty();
        folder.CreateDatabase("ft.sqlite", """
            CREATE TABLE trades (id INTEGER PRIMARY KEY, pair TEXT, open_rate REAL, close_profit_abs REAL, is_short BOOLEAN);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, ft_trade_id INTEGER REFERENCES trades(id));
            """);
        folder.CreateDatabase("tb.db", """
            CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, checksum TEXT);
            INSERT INTO schema_migrations VALUES (1, 'a'), (7, 'b');
            """);

        var report = DoctorScanner.Scan([folder.Root], DoctorTestFolder.Clock);

        var freqtrade = report.Databases.Single(d => d.RelativePath == "ft.sqlite").Schema;
        Assert.Equal("freqtrade", freqtrade.Family);
        Assert.Contains("is_short", freqtrade.Generation, StringComparison.Ordinal);
        var tradebook = report.Databases.Single(d => d.RelativePath == "tb.db").Schema;
        Assert.Equal(("tradebook", "migration 7"), (tradebook.Family, tradebook.Generation));
    }

    [Fact]
    public void database_paths_in_python_json_and_yaml_settings_are_found()
    {
        using var folder = DoctorTestFolder.Empty();
        folder.CreateDatabase("app/data.db", "CREATE TABLE t (id INTEGER PRIMARY KEY);");
        File.WriteAllText(folder.PathOf("app/settings.py"), """
            DB_PATH = os.path.join(BASE_DIR, "data.db")
            self.db = connect()
            ALT = "cache/other.sqlite3"
            """);
        File.WriteAllText(folder.PathOf("config.json"), """{ "db_url": "sqlite:////var/lib/bot/bot.db" }""");
        File.WriteAllText(folder.PathOf("config.yaml"), "database:\n  path: app/data.db\n");

        var report = DoctorScanner.Scan([folder.Root], DoctorTestFolder.Clock);

        var refs = report.ConfigReferences.Select(r => (r.RelativeFile, r.Line, r.DatabasePath, r.IsRelative, r.AnchoredToCode)).ToList();
        Assert.Equal(
            [
                ("app/settings.py", 1, "data.db", true, true),
                ("app/settings.py", 3, "cache/other.sqlite3", true, false),
                ("config.json", 1, "/var/lib/bot/bot.db", false, false),
                ("config.yaml", 2, "app/data.db", true, false),
            ],
            refs.OrderBy(r => r.RelativeFile, StringComparer.Ordinal).ThenBy(r => r.Line));
        Assert.Equal("path", report.ConfigReferences.Single(r => r.RelativeFile == "config.yaml").Key);

        // The yaml path lands on the database only from the project root.
        var yaml = report.Findings.Single(f => f.Code == FindingCodes.RelativeDbPath && f.Path == folder.PathOf("config.yaml"));
        Assert.Equal(FindingSeverity.Warning, yaml.Severity);
        Assert.DoesNotContain(report.Findings, f => f.Code == FindingCodes.RelativeDbPath && f.Message.Contains("line 1", StringComparison.Ordinal) && f.Path.EndsWith("settings.py", StringComparison.Ordinal));
    }
}
