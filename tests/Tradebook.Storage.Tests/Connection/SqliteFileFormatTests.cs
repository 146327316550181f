using System.Diagnostics;
using System.Text.RegularExpressions;
using Dapper;
using Tradebook.Core.Domain;
using Tradebook.Storage.Sqlite;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Storage.Tests.Connection;

/// <summary>
/// A database Tradebook writes stays in the file format older SQLite reads: the current engine is used
/// for its fixes and speed, never for a format feature (STRICT tables, jsonb columns) that the sqlite3
/// a user has installed could not open.
/// </summary>
public sealed partial class SqliteFileFormatTests : IDisposable
{
    private readonly TestDatabase _db = StorageEngine.Sqlite.CreateDatabase().Migrated();

    public SqliteFileFormatTests()
    {
        var ledger = _db.Ledger();
        ledger.AddBot(new BotSpec("b", BotMode.Paper));
        ledger.Record(Records.Fills(Records.Buy("b", "f1", 1m, 100m, 0.1m), Records.Sell("b", "f2", 0.5m, 110m, 0.05m, minute: 1)));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private string Path => _db.Target.FilePath!;

    public void Dispose() => _db.Dispose();

    [Fact]
    public void the_header_is_the_format_every_sqlite_since_3_7_reads_and_names_the_engine_that_wrote_it()
    {
        var header = SqliteFileHeader.Read(Path);

        Assert.NotNull(header);
        Assert.Equal(4u, header.SchemaFormat);
        Assert.Equal((2, 2), (header.WriteVersion, header.ReadVersion));
        Assert.Equal(_db.Query(c => c.ExecuteScalar<string>("SELECT sqlite_version()")), header.WrittenBy);
    }

    [Fact]
    public void no_table_is_strict_and_no_column_is_generated()
    {
        var definitions = _db.Query(c => c.Query<string>("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL").ToList());

        Assert.NotEmpty(definitions);
        Assert.DoesNotContain(definitions, sql => StrictTable().IsMatch(sql));
        Assert.DoesNotContain(definitions, sql => sql.Contains("GENERATED ALWAYS", StringComparison.OrdinalIgnoreCase));
    }

    [SystemSqliteFact]
    public void the_sqlite3_command_installed_on_this_machine_reads_it()
    {
        using var sqlite3 = Process.Start(new ProcessStartInfo("sqlite3", ["-readonly", Path, "PRAGMA integrity_check; SELECT count(*) FROM fills;"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = sqlite3.StandardOutput.ReadToEnd();
        var error = sqlite3.StandardError.ReadToEnd();
        sqlite3.WaitForExit();

        Assert.True(sqlite3.ExitCode == 0, error);
        Assert.Equal(["ok", "2"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [GeneratedRegex(@"\)\s*(WITHOUT\s+ROWID\s*,\s*)?STRICT\s*(,\s*WITHOUT\s+ROWID\s*)?;?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex StrictTable();
}

/// <summary>A test that runs the <c>sqlite3</c> command; skipped where none is installed.</summary>
public sealed class SystemSqliteFactAttribute : FactAttribute
{
    public SystemSqliteFactAttribute()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(System.IO.Path.Combine(folder, "sqlite3")));
        if (!found)
        {
            Skip = "no sqlite3 command on PATH (Debian: apt-get install sqlite3)";
        }
    }
}
