using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>
/// backup and restore on damaged and foreign files: one error line, no file left by a failed backup,
/// retention that counts only real backups, and a restore that replaces the ledger only with a verified
/// Tradebook backup and keeps what it replaced.
/// </summary>
public sealed class BackupRestoreTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public BackupRestoreTests()
    {
        Fills.RecordHistory(_workspace);
    }

    public void Dispose() => _workspace.Dispose();

    private string Backups => Path.Combine(_workspace.Folder, "backups");

    private static string ErrorLine(CliResult result)
    {
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.All(l => l.StartsWith("database: ", StringComparison.Ordinal) || l.StartsWith("error: ", StringComparison.Ordinal)), result.ToString());
        var errors = lines.Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, result.ToString());
        return errors[0];
    }

    private long Fills_() => Count(_workspace.DatabasePath);

    private static long Count(string path)
    {
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM fills";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void a_backup_of_a_database_with_a_damaged_page_is_one_error_line_and_leaves_no_file()
    {
        DamagedFile.DamageTablePage(_workspace.DatabasePath);

        var result = _workspace.Run("backup");

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        var error = ErrorLine(result);
        Assert.Contains("damaged", error, StringComparison.Ordinal);
        Assert.Contains("no backup was written", error, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(Backups) ? Directory.GetFiles(Backups) : []);
    }

    [Fact]
    public void an_import_into_a_database_with_a_damaged_page_is_one_error_line()
    {
        DamagedFile.DamageTablePage(_workspace.DatabasePath);
        var source = Path.Combine(_workspace.Folder, "source.sqlite");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "samples", "real-dbs", "ronmegini__Trading-Bot__tradesv3.sqlite"), source);

        var result = _workspace.Run("import", source);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("damaged", ErrorLine(result), StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(Backups) ? Directory.GetFiles(Backups) : []);
    }

    [Fact]
    public void retention_counts_only_real_backups_and_removes_empty_ones()
    {
        Directory.CreateDirectory(Backups);
        var older = _workspace.Run("backup", "--keep", "2", "--json").Json().GetProperty("path").GetString()!;
        var newer = _workspace.Run("backup", "--keep", "2", "--json").Json().GetProperty("path").GetString()!;
        Assert.Equal(2, Directory.GetFiles(Backups).Length);

        // Failed backups of an older Tradebook, named as if newer than every good one.
        foreach (var name in new[] { "tradebook-29990101-000000.db", "tradebook-29990102-000000.db", "tradebook-29990103-000000.db" })
        {
            File.WriteAllBytes(Path.Combine(Backups, name), []);
        }

        var foreign = Path.Combine(Backups, "tradebook-29990104-000000.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "samples", "real-dbs", "ronmegini__Trading-Bot__tradesv3.sqlite"), foreign);

        var result = _workspace.Run("backup", "--keep", "2");

        Assert.True(result.ExitCode == 0, result.ToString());
        var after = Directory.GetFiles(Backups).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(newer, after);
        Assert.DoesNotContain(older, after);
        Assert.Contains(foreign, after);
        Assert.True(after.Count == 3, string.Join(", ", after.Select(Path.GetFileName)) + result);
        Assert.All(after.Where(f => f != foreign), f => Assert.True(Count(f) == 3000, f));
    }

    [Fact]
    public void restore_force_refuses_an_empty_file_and_leaves_the_ledger()
    {
        var empty = _workspace.WriteFile("empty.db", string.Empty);

        var result = _workspace.Run("restore", empty, "--force");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var error = ErrorLine(result);
        Assert.Contains("not a Tradebook backup", error, StringComparison.Ordinal);
        Assert.Contains("empty", error, StringComparison.Ordinal);
        Assert.Equal(3000, Fills_());
    }

    [Fact]
    public void restore_force_refuses_another_programs_database_and_leaves_the_ledger()
    {
        var foreign = Path.Combine(_workspace.Folder, "other.sqlite");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "samples", "real-dbs", "ronmegini__Trading-Bot__tradesv3.sqlite"), foreign);

        var result = _workspace.Run("restore", foreign, "--force");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("no Tradebook schema", ErrorLine(result), StringComparison.Ordinal);
        Assert.Equal(3000, Fills_());
    }

    [Fact]
    public void restore_keeps_the_database_it_replaced()
    {
        var backup = _workspace.Run("backup", "--json");
        Assert.Equal(0, backup.ExitCode);
        var path = backup.Json().GetProperty("path").GetString()!;
        Assert.Equal(0, _workspace.Run("record", _workspace.WriteFile("more.jsonl", Fills.Lines(Fills.Line("alpha", "late", "BTC/USDT", "buy", 1, 100, minute: 59)))).ExitCode);

        var result = _workspace.Run("restore", path, "--force", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var kept = result.Json().GetProperty("replaced_kept_at").GetString()!;
        Assert.Equal(3001, Count(kept));
        Assert.Equal(3000, Fills_());
    }
}
