using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Backups;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Sqlite;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Backups;

/// <summary>Backups of a SQLite Tradebook database: where they land, which are kept, and what a restore refuses.</summary>
public sealed class BackupServiceTests : IDisposable
{
    private readonly TestDatabase _db = StorageEngine.Sqlite.CreateDatabase().Migrated();

    public BackupServiceTests()
    {
        var ledger = _db.Ledger();
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        ledger.Record(Fills(Buy("alpha", "f1", 1m, 100m, fee: 0.1m), Sell("alpha", "f2", 1m, 110m, minute: 5), Buy("alpha", "f3", 2m, 105m, minute: 10)));
    }

    private string Folder => Path.GetDirectoryName(_db.Target.FilePath!)!;

    public void Dispose() => _db.Dispose();

    [Fact]
    public void a_backup_lands_beside_the_database_and_holds_every_row()
    {
        var result = BackupService.Backup(_db.Database);

        Assert.Equal(Path.Combine(Folder, "backups"), Path.GetDirectoryName(result.Path));
        Assert.Matches(@"^tradebook-\d{8}-\d{6}\.db$", Path.GetFileName(result.Path));
        Assert.Equal(3, result.RowCounts["fills"]);
        Assert.Equal(_db.Count("positions"), result.RowCounts["positions"]);
    }

    [Fact]
    public void only_the_newest_backups_are_kept()
    {
        var folder = Path.Combine(Folder, "kept");
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 4; i++)
        {
            BackupService.Backup(_db.Database, folder, keep: 2, now: start.AddDays(i));
        }

        Assert.Equal(["tradebook-20240103-000000.db", "tradebook-20240104-000000.db"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void restore_refuses_to_overwrite_newer_activity_without_force()
    {
        var backup = BackupService.Backup(_db.Database);
        _db.Database.Run(connection =>
        {
            using var command = connection.Command(null, "UPDATE fills SET recorded_at = @later WHERE external_id = 'f3'");
            command.Add("@later", _db.Database.Timestamp(DateTimeOffset.UtcNow.AddMinutes(1)));
            return command.ExecuteNonQuery();
        });
        _db.Execute("DELETE FROM fills WHERE external_id = 'f1'");

        var error = Assert.Throws<TradebookException>(() => BackupService.Restore(_db.Database, backup.Path, force: false));
        Assert.Equal(ErrorCode.Conflict, error.Code);
        Assert.Equal(2, _db.Count("fills"));

        BackupService.Restore(_db.Database, backup.Path, force: true);

        Assert.Equal(3, _db.Count("fills"));
    }

    [Fact]
    public void restore_refuses_while_another_connection_has_the_database_open()
    {
        // A server running on the database kept working on the file a restore replaced (and wrote to it), while
        // every other program read the restored one: two databases under one name, the incident Tradebook exists to end.
        var backup = BackupService.Backup(_db.Database);
        _db.Execute("DELETE FROM fills WHERE external_id = 'f1'");
        using (var server = _db.Database.Open())
        {
            var error = Assert.Throws<TradebookException>(() => BackupService.Restore(_db.Database, backup.Path, force: true));

            Assert.Equal(ErrorCode.DatabaseLocked, error.Code);
            Assert.Contains("open in another", error.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(Folder, "*.replaced-*"));
            using var count = server.Command(null, "SELECT count(*) FROM fills");
            Assert.Equal(2L, Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        }

        BackupService.Restore(_db.Database, backup.Path, force: true);

        Assert.Equal(3, _db.Count("fills"));
    }

    [Fact]
    public void a_damaged_backup_is_not_restored()
    {
        var damaged = Path.Combine(Folder, "damaged.db");
        File.WriteAllBytes(damaged, [1, 2, 3, 4, 5, 6, 7, 8]);
        var before = Fingerprint();

        Assert.Throws<TradebookException>(() => BackupService.Restore(_db.Database, damaged, force: true));

        Assert.Equal(before, Fingerprint());
    }

    private string Fingerprint() =>
        string.Join(";", _db.Query(connection => SqliteFileChecks.RowCounts(connection, null)).Select(c => $"{c.Key}={c.Value}"));
}
