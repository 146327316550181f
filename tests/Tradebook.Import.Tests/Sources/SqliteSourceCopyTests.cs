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
}
