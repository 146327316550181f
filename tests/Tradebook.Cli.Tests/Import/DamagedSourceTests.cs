using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests.Import;

/// <summary>
/// A legacy file SQLite reports as damaged is refused as damaged, in one line that names the file (the file of a
/// folder, not the folder), says what still reads and how to salvage it; nothing is written, and the exit is 1.
/// </summary>
public sealed class DamagedSourceTests
{
    [Fact]
    public void a_freqtrade_database_with_a_damaged_table_is_refused_as_damaged_with_what_still_reads()
    {
        using var workspace = new SampleWorkspace();
        var source = workspace.Sample("real-dbs/tooyipjee__freqtrade__tradesv3.sqlite");
        DamagedFile.DamageRootPage(source, "orders");
        var before = workspace.Fingerprint();

        var result = workspace.Run("import", source, "--no-backup");

        Assert.True(result.ExitCode == 1, result.ToString());
        var error = Assert.Single(result.Error.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.StartsWith($"error: {source} is damaged (SQLite: error 11: 'database disk image is malformed'); nothing was imported.", error, StringComparison.Ordinal);
        Assert.Contains("Tables that read whole: trades (25 rows), pairlocks (25 rows); damaged: orders", error, StringComparison.Ordinal);
        Assert.Contains(".recover", error, StringComparison.Ordinal);
        Assert.Equal(before, workspace.Fingerprint());
    }

    [Fact]
    public void a_file_whose_table_list_is_damaged_is_reported_as_damaged_not_as_an_unknown_layout()
    {
        using var workspace = new SampleWorkspace();
        var source = workspace.Sample("real-dbs/tooyipjee__freqtrade__tradesv3.sqlite");
        DamagedFile.DamageSchemaPage(source);

        var result = workspace.Run("import", source, "--no-backup");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"error: {source} is damaged", result.Error, StringComparison.Ordinal);
        Assert.Contains("Its list of tables cannot be read", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("no reader recognises it", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void a_damaged_file_of_a_fragmented_folder_is_named_not_only_the_folder()
    {
        using var workspace = new SampleWorkspace();
        var folder = workspace.Sample("fragmented");

        // The largest price history file: one of many files of the folder, with table pages enough to damage one.
        var damaged = Directory.GetFiles(Path.Combine(folder, "history")).OrderByDescending(f => new FileInfo(f).Length).ThenBy(f => f, StringComparer.Ordinal).First();
        DamagedFile.DamageTablePage(damaged);
        var before = workspace.Fingerprint();

        var result = workspace.Run("import", folder, "--no-backup");

        Assert.True(result.ExitCode == 1, result.ToString());
        var error = Assert.Single(result.Error.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.StartsWith($"error: {damaged} is damaged", error, StringComparison.Ordinal);
        Assert.Contains("rows, then the damage", error, StringComparison.Ordinal);
        Assert.Equal(before, workspace.Fingerprint());
        SqliteConnection.ClearAllPools();
    }
}
