using System.Globalization;
using System.Text.Json;
using Tradebook.Import.Doctor;

namespace Tradebook.Import.Tests.Doctor;

public sealed class TraderDoctorTests(TraderScanFixture fixture) : IClassFixture<TraderScanFixture>
{
    private const string Main = "trader.db";
    private const string Backend = "backend/trader.db";
    private const string Backup = "backend/trader_backup_migration_20250913_123112.db";

    private DoctorReport Report => fixture.Report;

    private JsonElement PerFile(string file) => fixture.Expected.GetProperty("per_file").GetProperty(file);

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    [Fact]
    public void sqlite_files_are_recognised_by_content_and_the_gdbm_file_is_named_with_its_magic()
    {
        Assert.Equal(Strings(fixture.Expected.GetProperty("sqlite_files")), Report.Databases.Select(d => d.RelativePath).Order(StringComparer.Ordinal));
        var nonSqlite = Assert.Single(Report.NonSqliteFiles);
        Assert.Equal(Strings(fixture.Expected.GetProperty("non_sqlite_files")), [nonSqlite.RelativePath]);
        Assert.Equal(fixture.Expected.GetProperty("non_sqlite_file_magic").GetProperty(nonSqlite.RelativePath).GetString(), nonSqlite.MagicHex);
        Assert.Contains("dbm", nonSqlite.LooksLike, StringComparison.Ordinal);
        var finding = Assert.Single(Report.Findings, f => f.Code == FindingCodes.NotSqlite);
        Assert.Equal(fixture.PathOf(nonSqlite.RelativePath), finding.Path);
        Assert.Contains("ce9a5713", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_relative_database_url_is_flagged_in_both_env_files_with_where_it_lands()
    {
        var expected = fixture.Expected.GetProperty("relative_path_config_lines").EnumerateArray()
            .Select(e => (File: e.GetProperty("file").GetString()!, Line: e.GetProperty("line").GetInt32(), Key: e.GetProperty("key").GetString(), Value: e.GetProperty("value").GetString()!))
            .OrderBy(e => e.File, StringComparer.Ordinal)
            .ToList();
        var relative = Report.ConfigReferences.Where(r => r.IsRelative)
            .Select(r => (File: r.RelativeFile, r.Line, r.Key, r.Value))
            .OrderBy(e => e.File, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, relative);

        var findings = Report.Findings.Where(f => f.Code == FindingCodes.RelativeDbPath).ToList();
        Assert.Equal([fixture.PathOf(".env"), fixture.PathOf("backend/.env")], findings.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.All(findings, f => Assert.Equal(FindingSeverity.Error, f.Severity));
        foreach (var reference in Report.ConfigReferences)
        {
            // From the project root and from backend/ the same URL opens two different existing databases.
            Assert.Equal(
                [fixture.PathOf(Backend), fixture.PathOf(Main)],
                reference.Resolutions.Where(r => r.IsSqlite).Select(r => r.ResolvedPath).Order(StringComparer.Ordinal));
        }

        Assert.Contains(findings, f => f.Message.Contains("backend/trader.db", StringComparison.Ordinal) && f.Message.Contains("project root", StringComparison.Ordinal));
    }

    [Fact]
    public void orphan_trades_in_the_main_database_are_counted_with_the_missing_bot_ids()
    {
        foreach (var file in new[] { Main, Backend, Backup })
        {
            var orphans = fixture.Database(file).Orphans.Where(o => o.Table == "trades" && o.Column == "bot_id").ToList();
            var orphan = Assert.Single(orphans);
            Assert.True(orphan.Declared);
            Assert.Equal("bots", orphan.ParentTable);
            Assert.Equal(PerFile(file).GetProperty("orphan_trade_rows").GetInt64(), orphan.OrphanRows);
            Assert.Equal(
                PerFile(file).GetProperty("orphan_bot_ids").EnumerateArray().Select(e => e.GetInt64().ToString(CultureInfo.InvariantCulture)),
                orphan.MissingValues);
        }

        var finding = Assert.Single(Report.Findings, f => f.Code == FindingCodes.OrphanRows);
        Assert.Equal(fixture.PathOf(Main), finding.Path);
        Assert.StartsWith($"{Main}: {fixture.Expected.GetProperty("consolidated").GetProperty("orphan_trades_in_main").GetInt64()} rows of trades", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Report.Findings, f => f.Code == FindingCodes.FkViolations);
    }

    [Fact]
    public void exact_duplicate_rows_are_counted_per_file()
    {
        foreach (var file in new[] { Main, Backend, Backup })
        {
            var trades = fixture.Database(file).Tables.Single(t => t.Name == "trades");
            Assert.Equal(PerFile(file).GetProperty("duplicate_rows").GetInt64(), trades.DuplicateRows);
            Assert.Equal(PerFile(file).GetProperty("trade_rows").GetInt64(), trades.Rows);
            Assert.Equal(PerFile(file).GetProperty("distinct_order_ids").GetInt64(), trades.DistinctKeys);
            Assert.Equal("order_id", trades.NaturalKey);
            Assert.Equal(PerFile(file).GetProperty("bots").GetInt64(), fixture.Database(file).Tables.Single(t => t.Name == "bots").Rows);
        }

        var finding = Assert.Single(Report.Findings, f => f.Code == FindingCodes.DuplicateRows);
        Assert.Equal(fixture.PathOf(Backend), finding.Path);
        Assert.Contains(fixture.Expected.GetProperty("consolidated").GetProperty("backend_duplicate_rows").GetInt64().ToString(CultureInfo.InvariantCulture), finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void last_activity_is_the_latest_trade_of_each_file()
    {
        foreach (var file in new[] { Main, Backend, Backup })
        {
            var trades = fixture.Database(file).Tables.Single(t => t.Name == "trades");
            Assert.Equal(DateTimeOffset.Parse(PerFile(file).GetProperty("latest_trade").GetString()!, CultureInfo.InvariantCulture), trades.LastActivity);
            Assert.Equal("created_at", trades.LastActivityColumn);
        }
    }

    [Fact]
    public void the_split_brain_names_the_backend_copy_as_stale_with_the_key_overlap()
    {
        var group = Assert.Single(Report.Groups);
        Assert.Equal(fixture.PathOf(Main), group.Freshest);
        Assert.Equal([fixture.PathOf(Main), fixture.PathOf(Backend), fixture.PathOf(Backup)], group.Members);
        Assert.True(group.Details.Single(d => d.RelativePath == Backend).Stale);

        var consolidated = fixture.Expected.GetProperty("consolidated");
        var overlap = group.Overlaps.Single(o => o.A == fixture.PathOf(Main) && o.B == fixture.PathOf(Backend) && o.Table == "trades");
        Assert.Equal("order_id", overlap.KeyColumn);
        Assert.Equal(consolidated.GetProperty("trades_in_main_and_backend").GetInt64(), overlap.InBoth);
        Assert.Equal(consolidated.GetProperty("trades_only_in_main").GetInt64(), overlap.OnlyInA);
        Assert.Equal(consolidated.GetProperty("trades_only_in_backend").GetInt64(), overlap.OnlyInB);
        Assert.Equal(Strings(consolidated.GetProperty("conflicting_trades").GetProperty("order_ids")), overlap.DifferingSample);

        var backupVsMain = group.Overlaps.Single(o => o.A == fixture.PathOf(Main) && o.B == fixture.PathOf(Backup) && o.Table == "trades");
        Assert.Equal(PerFile(Backup).GetProperty("distinct_order_ids").GetInt64(), backupVsMain.InBoth);
        Assert.Equal(consolidated.GetProperty("backup_trades_not_in_main").GetInt64(), backupVsMain.OnlyInB);

        var splitBrain = Assert.Single(Report.Findings, f => f.Code == FindingCodes.SplitBrain);
        Assert.Equal(FindingSeverity.Error, splitBrain.Severity);
        Assert.Equal(fixture.PathOf(Backend), splitBrain.Path);
        Assert.Contains($"{Backend} is the stale copy", splitBrain.Message, StringComparison.Ordinal);

        var stale = Report.Findings.Where(f => f.Code == FindingCodes.StaleCopy).ToList();
        Assert.Equal([fixture.PathOf(Backend), fixture.PathOf(Backup)], stale.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Equal(FindingSeverity.Warning, stale.Single(f => f.Path == fixture.PathOf(Backend)).Severity);
        Assert.Equal(FindingSeverity.Info, stale.Single(f => f.Path == fixture.PathOf(Backup)).Severity);
    }

    [Fact]
    public void the_backup_is_reported_with_an_older_schema_and_the_backend_with_its_extra_column()
    {
        var group = Assert.Single(Report.Groups);
        var backup = group.SchemaDifferences.Single(d => d.Path == fixture.PathOf(Backup));
        Assert.Equal(["bots.strategy_parameters", "trades.fee"], backup.MissingColumns);
        Assert.Empty(backup.ExtraColumns);
        Assert.Equal(PerFile(Backup).GetProperty("has_fee_column").GetBoolean(), fixture.Database(Backup).Tables.Single(t => t.Name == "trades").Columns.Contains("fee"));

        var backend = group.SchemaDifferences.Single(d => d.Path == fixture.PathOf(Backend));
        Assert.Equal(["bots.skip_signals_on_low_balance"], backend.ExtraColumns);

        var finding = Assert.Single(Report.Findings, f => f.Code == FindingCodes.SchemaDrift && f.Path == fixture.PathOf(Backup));
        Assert.Contains("older schema", finding.Message, StringComparison.Ordinal);
        Assert.Contains("trades.fee", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void health_figures_are_reported_for_every_database()
    {
        foreach (var db in Report.Databases)
        {
            Assert.True(db.IntegrityOk);
            Assert.Equal("delete", db.JournalMode);
            Assert.False(db.OpenedFromCopy);
            Assert.True(db.PageCount > 0);
            Assert.Equal(db.SizeBytes, db.PageCount * db.PageSize);
            Assert.Equal("unknown", db.Schema.Family);
            Assert.Empty(db.Companions);
        }

        Assert.Equal(PerFile(Main).GetProperty("orphan_trade_rows").GetInt64(), fixture.Database(Main).ForeignKeyViolations);
    }

    [Fact]
    public void the_report_serialises_to_snake_case_json_and_back()
    {
        var json = Report.ToJson();
        using var document = JsonDocument.Parse(json);
        var finding = document.RootElement.GetProperty("findings")[0];
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.True(document.RootElement.GetProperty("databases")[0].TryGetProperty("relative_path", out _));
        Assert.True(document.RootElement.GetProperty("non_sqlite_files")[0].TryGetProperty("magic_hex", out _));

        var back = DoctorReport.FromJson(json);
        Assert.Equal(Report.Findings, back.Findings);
        Assert.Equal(Report.Databases.Select(d => d.RelativePath), back.Databases.Select(d => d.RelativePath));
    }

    [Fact]
    public void the_text_summary_lists_findings_databases_and_copies()
    {
        var lines = DoctorReportText.Render(Report, r => r.Kind.ToString()).ToList();
        Assert.Contains(lines, l => l.Contains("[split_brain]", StringComparison.Ordinal) && l.StartsWith("  ERROR", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("backend/celerybeat-schedule.db", StringComparison.Ordinal) is false && l.Contains("[not_sqlite]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.TrimStart().StartsWith("trader.db", StringComparison.Ordinal) && l.Contains("freshest", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("trades.order_id trader.db vs backend/trader.db: 3440 both", StringComparison.Ordinal));
    }
}
