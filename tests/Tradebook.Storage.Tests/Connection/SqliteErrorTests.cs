using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Storage.Tests.Connection;

/// <summary>SQLite's file-level failures, each turned into an actionable error with nothing written.</summary>
public sealed class SqliteErrorTests : IDisposable
{
    private readonly TestDatabase _db = StorageEngine.Sqlite.CreateDatabase();

    private string Path => _db.Target.FilePath!;

    private static DatabaseTarget WithConnectionString(DatabaseTarget target, Action<SqliteConnectionStringBuilder> change)
    {
        var builder = new SqliteConnectionStringBuilder(target.ConnectionString);
        change(builder);
        return target with { ConnectionString = builder.ToString() };
    }

    [Fact]
    public void a_read_only_database_refuses_writes_as_read_only()
    {
        _db.Migrated();
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Chmod(Path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Chmod(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var target = _db.Target;
        if (PermissionsDoNotBind(Path))
        {
            // Running as root, permissions do not stop writes: open read-only instead, as a user's read-only mount would.
            target = WithConnectionString(target, b => b.Mode = SqliteOpenMode.ReadOnly);
        }

        try
        {
            using var readOnly = new TradebookDatabase(target);
            var error = Assert.Throws<TradebookException>(() => new Storage.Ledger.LedgerWriter(readOnly, _db.Clock).AddBot(new BotSpec("alpha", BotMode.Paper)));

            Assert.Equal(ErrorCode.DatabaseReadOnly, error.Code);
            Assert.Contains(Path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Chmod(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Chmod(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Assert.Equal(0, _db.Count("bots"));
    }

    [Fact]
    public void a_database_locked_by_another_writer_fails_as_locked_after_the_busy_timeout()
    {
        _db.Migrated();
        using var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        holder.Open();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE; INSERT INTO users (name, created_at) VALUES ('holder', 'x');";
            begin.ExecuteNonQuery();
        }

        using var impatient = new TradebookDatabase(WithConnectionString(_db.Target, b => b.DefaultTimeout = 1));
        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<TradebookException>(() => new Storage.Ledger.LedgerWriter(impatient, _db.Clock).AddBot(new BotSpec("alpha", BotMode.Paper)));

        Assert.Equal(ErrorCode.DatabaseLocked, error.Code);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"waited {watch.Elapsed}");
        using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        Assert.Equal(0, _db.Count("bots"));
        Assert.Equal(0, _db.Count("users"));
    }

    [Fact]
    public void a_file_that_is_not_sqlite_is_reported_as_corrupt_and_left_untouched()
    {
        var content = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("these are a trading bot's notes, not a database\n", 100)));
        File.WriteAllBytes(Path, content);

        var migrate = Assert.Throws<TradebookException>(() => _db.Migrator().Migrate());
        var write = Assert.Throws<TradebookException>(() => _db.Ledger().AddBot(new BotSpec("alpha", BotMode.Paper)));

        Assert.Equal(ErrorCode.DatabaseCorrupt, migrate.Code);
        Assert.Equal(ErrorCode.DatabaseCorrupt, write.Code);
        Assert.Equal(content, File.ReadAllBytes(Path));
        Assert.Equal([System.IO.Path.GetFileName(Path)], Directory.GetFiles(System.IO.Path.GetDirectoryName(Path)!).Select(System.IO.Path.GetFileName));
    }

    public void Dispose() => _db.Dispose();

    private static void Chmod(string path, UnixFileMode mode)
    {
        // Windows has no such modes; there the read-only open below is what is tested.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static bool PermissionsDoNotBind(string path)
    {
        try
        {
            using var stream = File.OpenWrite(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
