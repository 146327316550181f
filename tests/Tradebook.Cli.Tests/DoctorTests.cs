using System.Text.Json;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary><c>tradebook doctor</c> on the Tradebook database.</summary>
public sealed class DoctorTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void doctor_on_a_fresh_database_finds_every_check_ok()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);

        var result = _workspace.Run("doctor", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = result.Json();
        Assert.Equal(_workspace.DatabasePath, report.GetProperty("database").GetString());
        Assert.Equal("--db option", report.GetProperty("rule").GetString());
        var checks = report.GetProperty("checks").EnumerateArray().ToList();
        var names = checks.Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("migrations", names);
        Assert.Contains("drift", names);
        Assert.Contains("integrity", names);
        Assert.Contains("foreign_keys", names);
        Assert.All(checks.Where(c => c.GetProperty("name").GetString() != "backup"), c => Assert.Equal("ok", c.GetProperty("status").GetString()));
        var backup = checks.Single(c => c.GetProperty("name").GetString() == "backup");
        Assert.Equal("warning", backup.GetProperty("status").GetString());
        Assert.Contains("tradebook backup", backup.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void doctor_on_a_missing_database_says_to_run_init()
    {
        var result = _workspace.Run("doctor", "--json");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        var file = result.Json().GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "file");
        Assert.Equal("error", file.GetProperty("status").GetString());
        Assert.Contains("tradebook init", file.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(_workspace.DatabasePath));
        Assert.Single(result.Error.Split('\n'), l => l.StartsWith("error: file: the database file does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void doctor_on_a_file_that_is_not_sqlite_is_an_error()
    {
        var junk = _workspace.WriteFile("not-a-database.db", string.Concat(Enumerable.Repeat("this is a text file, not SQLite\n", 200)));
        var before = File.ReadAllBytes(junk);

        var result = TempWorkspace.RunOn(junk, "doctor", "--json");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("not a valid SQLite database", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(junk));
    }

    [Fact]
    public void commands_on_a_file_that_is_not_sqlite_fail_with_one_line()
    {
        var junk = _workspace.WriteFile("not-a-database.db", string.Concat(Enumerable.Repeat("this is a text file, not SQLite\n", 200)));

        var result = TempWorkspace.RunOn(junk, "pnl");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
    }

    [Fact]
    public void doctor_json_is_snake_case()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);

        var report = _workspace.Run("doctor", "--json").Json();

        Assert.All(report.EnumerateObject(), p => Assert.Matches("^[a-z_]+$", p.Name));
        Assert.Equal(JsonValueKind.Array, report.GetProperty("checks").ValueKind);
    }

    [Fact]
    public void doctor_scanning_a_folder_reports_a_non_sqlite_database_file_and_changes_nothing()
    {
        var project = Directory.CreateDirectory(Path.Combine(_workspace.Folder, "project")).FullName;
        var junk = Path.Combine(project, "trades.db");
        File.WriteAllText(junk, "garbage, not a database\n");
        Assert.Equal(0, TempWorkspace.RunOn(Path.Combine(project, "good.db"), "init").ExitCode);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(project).Order(StringComparer.Ordinal).Select(f => (f, File.ReadAllBytes(f).Length, File.GetLastWriteTimeUtc(f))).ToList();

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = TradebookCli.Run(["doctor", project, "--json"], output, error);

        Assert.True(exit == 0, $"{output}\n{error}");
        var report = new CliResult(exit, output.ToString(), error.ToString()).Json();
        var finding = report.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "not_sqlite");
        Assert.Equal(junk, finding.GetProperty("path").GetString());
        var database = report.GetProperty("databases").EnumerateArray().Single();
        Assert.Equal("tradebook", database.GetProperty("schema").GetProperty("family").GetString());
        Assert.Equal(files, Directory.GetFiles(project).Order(StringComparer.Ordinal).Select(f => (f, File.ReadAllBytes(f).Length, File.GetLastWriteTimeUtc(f))).ToList());
    }

    [Fact]
    public void doctor_on_a_split_brain_folder_names_the_import_that_consolidates_it()
    {
        using var samples = new Import.SampleWorkspace();
        var folder = samples.Sample("trader");

        var result = samples.Run("doctor", folder);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(result.Out.Split('\n'), l => l.Contains("[split_brain]", StringComparison.Ordinal)
            && l.Contains($"Remedy: `tradebook import {folder}` finds every copy in the folder", StringComparison.Ordinal));
    }
}
