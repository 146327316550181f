using System.Globalization;
using Dapper;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Storage.Tests.Connection;

/// <summary>A large transaction commits without SQLite's own checkpoint, which then runs beside the caller.</summary>
public sealed class LargeTransactionTests : IDisposable
{
    private const int Rows = 2000;

    private readonly TestDatabase _db = StorageEngine.Sqlite.CreateDatabase();

    private string Path => _db.Target.FilePath!;

    private (int Result, Task Checkpoint) WriteRows() =>
        _db.Database.InLargeTransaction((connection, transaction) =>
        {
            connection.Execute("CREATE TABLE IF NOT EXISTS blobs (id INTEGER PRIMARY KEY, body TEXT NOT NULL)", transaction: transaction);
            for (var i = 0; i < Rows; i++)
            {
                connection.Execute("INSERT INTO blobs (body) VALUES (@body)", new { body = new string((char)('a' + (i % 26)), 1000) }, transaction);
            }

            return Rows;
        });

    [Fact]
    public async Task the_commit_holds_every_row_and_the_checkpoint_copies_them_into_the_database_file()
    {
        var (result, checkpoint) = WriteRows();
        await checkpoint;

        Assert.Equal(Rows, result);
        Assert.Equal(Rows, _db.Count("blobs"));

        // Without the checkpoint the rows would live in the WAL alone and the file would stay a few pages long.
        Assert.True(new FileInfo(Path).Length >= Rows * 1000L, $"database file is {new FileInfo(Path).Length} bytes");
    }

    [Fact]
    public async Task every_pooled_connection_checkpoints_automatically_again_afterwards()
    {
        await WriteRows().Checkpoint;
        var failing = Assert.Throws<InvalidOperationException>(() => _db.Database.InLargeTransaction<int>((_, _) => throw new InvalidOperationException("boom")));
        Assert.Equal("boom", failing.Message);

        // Hold several connections at once, so that every one the pool holds is asked.
        var connections = Enumerable.Range(0, 4).Select(_ => _db.Database.Open()).ToList();
        try
        {
            Assert.All(connections, c => Assert.Equal(1000L, Convert.ToInt64(c.ExecuteScalar("PRAGMA wal_autocheckpoint"), CultureInfo.InvariantCulture)));
        }
        finally
        {
            connections.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public void a_connection_told_to_checkpoint_seldom_goes_back_to_the_pool_and_comes_out_with_sqlites_threshold()
    {
        using (var writer = _db.Database.Open())
        {
            _db.Database.CheckpointSeldom(writer);
            Assert.Equal(TradebookDatabase.SeldomCheckpointPages, Convert.ToInt64(writer.ExecuteScalar("PRAGMA wal_autocheckpoint"), CultureInfo.InvariantCulture));
        }

        // The pool gives the same connection back: opening sets SQLite's default again.
        using var next = _db.Database.Open();
        Assert.Equal(1000L, Convert.ToInt64(next.ExecuteScalar("PRAGMA wal_autocheckpoint"), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void a_failing_large_transaction_keeps_nothing()
    {
        _db.Execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");

        Assert.ThrowsAny<Exception>(() => _db.Database.InLargeTransaction<int>((connection, transaction) =>
        {
            connection.Execute("INSERT INTO blobs (body) VALUES ('kept?')", transaction: transaction);
            throw new InvalidOperationException("fails after a write");
        }));

        Assert.Equal(0, _db.Count("blobs"));
    }

    public void Dispose() => _db.Dispose();
}
