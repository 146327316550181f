using Tradebook.Import.Sources;
using Tradebook.Import.Tests.GenericTrades;

namespace Tradebook.Import.Tests.Sources;

/// <summary>A source is copied only when reading it in place could touch it, so a large file is not copied per reader.</summary>
public sealed class SqliteSourceCopyTests
{
    [Fact]
    public void a_rollback_journal_database_is_read_in_place_and_left_unchanged()
    {
        using var db = new ScratchDatabase("""
            CREATE TABLE trades (id INTEGER PRIMARY KEY, symbol TEXT);
            INSERT INTO trades (symbol) VALUES ('BTC/USDT');
            """);
        var before = File.ReadAllBytes(db.Path);

        using (var source = SqliteSourceCopy.Create(db.Path))
        {
            Assert.False(source.IsCopy);
            Assert.Equal(db.Path, source.CopyPath);
            using var connection = source.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT symbol FROM trades";
            Assert.Equal("BTC/USDT", command.ExecuteScalar());

            // Opened read-only: a stray write fails instead of changing the user's file.
            command.CommandText = "DELETE FROM trades";
            Assert.ThrowsAny<Microsoft.Data.Sqlite.SqliteException>(() => command.ExecuteNonQuery());
        }

        Assert.Equal(before, File.ReadAllBytes(db.Path));
        Assert.Equal(["bot.db"], Directory.GetFiles(db.Folder).Select(Path.GetFileName));
    }

    [Fact]
    public void a_wal_database_is_read_through_a_copy_that_holds_its_wal_rows()
    {
        using var db = new ScratchDatabase("PRAGMA journal_mode = WAL; CREATE TABLE trades (id INTEGER PRIMARY KEY, symbol TEXT);");

        // Keep a connection open so that the row stays in the -wal file, as in a running bot's folder.
        using var writer = db.Open();
        using (var command = writer.CreateCommand())
        {
            command.CommandText = "PRAGMA wal_autocheckpoint = 0; INSERT INTO trades (symbol) VALUES ('ETH/USDT');";
            command.ExecuteNonQuery();
        }

        var wal = File.ReadAllBytes(db.Path + "-wal");
        string copyPath;
        using (var source = SqliteSourceCopy.Create(db.Path))
        {
            Assert.True(source.IsCopy);
            Assert.True(source.HadWal);
            copyPath = source.CopyPath;
            using var connection = source.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT symbol FROM trades";
            Assert.Equal("ETH/USDT", command.ExecuteScalar());
        }

        Assert.False(File.Exists(copyPath));
        Assert.Equal(wal, File.ReadAllBytes(db.Path + "-wal"));
    }

    /// <summary>A WAL-mode database whose last row lives only in its -wal file; the writer keeps it there.</summary>
    private static (ScratchDatabase Db, Microsoft.Data.Sqlite.SqliteConnection Writer) WalSource()
    {
        var db = new ScratchDatabase("PRAGMA journal_mode = WAL; CREATE TABLE trades (id INTEGER PRIMARY KEY, symbol TEXT);");
        var writer = db.Open();
        using var command = writer.CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint = 0; INSERT INTO trades (symbol) VALUES ('ETH/USDT');";
        command.ExecuteNonQuery();
        return (db, writer);
    }

    private static long Rows(SqliteSourceCopy source)
    {
        using var connection = source.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM trades";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void inside_a_sharing_scope_an_unchanged_source_is_copied_once_and_the_copy_goes_with_the_scope()
    {
        var (db, writer) = WalSource();
        using var _ = db;
        using var __ = writer;
        string copyPath;
        using (SqliteSourceCopy.Sharing())
        {
            using (var first = SqliteSourceCopy.Create(db.Path))
            {
                copyPath = first.CopyPath;
                Assert.Equal(1, Rows(first));
            }

            // The first lease is gone, but the copy stays for the next reader.
            Assert.True(File.Exists(copyPath));
            using var second = SqliteSourceCopy.Create(db.Path);
            Assert.Equal(copyPath, second.CopyPath);
            Assert.True(second.HadWal);
            Assert.Equal(1, Rows(second));
        }

        Assert.False(File.Exists(copyPath));
    }

    [Fact]
    public void a_source_written_to_inside_a_scope_is_copied_again_with_its_new_rows()
    {
        var (db, writer) = WalSource();
        using var _ = db;
        using var __ = writer;
        using (SqliteSourceCopy.Sharing())
        {
            using var before = SqliteSourceCopy.Create(db.Path);
            using (var command = writer.CreateCommand())
            {
                command.CommandText = "INSERT INTO trades (symbol) VALUES ('BTC/USDT');";
                command.ExecuteNonQuery();
            }

            using var after = SqliteSourceCopy.Create(db.Path);
            Assert.NotEqual(before.CopyPath, after.CopyPath);
            Assert.Equal((1L, 2L), (Rows(before), Rows(after)));
        }
    }

    [Fact]
    public void outside_a_scope_each_reader_gets_its_own_copy()
    {
        var (db, writer) = WalSource();
        using var _ = db;
        using var __ = writer;
        using var first = SqliteSourceCopy.Create(db.Path);
        using var second = SqliteSourceCopy.Create(db.Path);

        Assert.NotEqual(first.CopyPath, second.CopyPath);
    }
}
