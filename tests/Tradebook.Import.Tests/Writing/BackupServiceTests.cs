using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Freqtrade;
using Tradebook.Import.Writing;
using Tradebook.Storage;
using Tradebook.Storage.Connection;

namespace Tradebook.Import.Tests.Writing;

public sealed class BackupServiceTests : IDisposable
{
    private readonly TempStore _store = new();

    public BackupServiceTests()
    {
        var set = new FreqtradeReader().Read(Path.Combine(AppContext.BaseDirectory, "TestData", "real-dbs", "jpiv__CryptoTradingRL__tradesv3.dryrun.sqlite"), new ImportOptions());
        new ImportWriter(_store.Database, TempStore.Clock).Write(set);
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public void a_backup_lands_beside_the_database_and_holds_every_row()
    {
        var result = BackupService.Backup(_store.Database);

        Assert.Equal(Path.Combine(_store.Folder, "backups"), Path.GetDirectoryName(result.Path));
        Assert.Matches(@"^tradebook-\d{8}-\d{6}\.db$", Path.GetFileName(result.Path));
        Assert.Equal(_store.Scalar("SELECT COUNT(*) FROM fills"), result.RowCounts["fills"]);
        Assert.True(result.RowCounts["fills"] > 0);
    }

    [Fact]
    public void only_the_newest_backups_are_kept()
    {
        var folder = Path.Combine(_store.Folder, "kept");
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 4; i++)
        {
            BackupService.Backup(_store.Database, folder, keep: 2, now: start.AddDays(i));
        }

        Assert.Equal(["tradebook-20240103-000000.db", "tradebook-20240104-000000.db"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void restore_refuses_to_overwrite_newer_activity_without_force()
    {
        var backup = BackupService.Backup(_store.Database);
        var fills = _store.Scalar("SELECT COUNT(*) FROM fills");
        _store.Database.Run(connection =>
        {
            using var command = connection.Command(null, "UPDATE import_batches SET finished_at = @now");
            command.Add("@now", _store.Database.Timestamp(DateTimeOffset.UtcNow.AddMinutes(1)));
            return command.ExecuteNonQuery();
        });

        var error = Assert.Throws<TradebookException>(() => BackupService.Restore(_store.Database, backup.Path, force: false));
        Assert.Equal(ErrorCode.Conflict, error.Code);

        _store.Database.Run(connection =>
        {
            using var command = connection.Command(null, "DELETE FROM fills WHERE id IN (SELECT id FROM fills LIMIT 1)");
            return command.ExecuteNonQuery();
        });
        BackupService.Restore(_store.Database, backup.Path, force: true);

        Assert.Equal(fills, _store.Scalar("SELECT COUNT(*) FROM fills"));
    }

    [Fact]
    public void a_damaged_backup_is_not_restored()
    {
        var damaged = Path.Combine(_store.Folder, "damaged.db");
        File.WriteAllBytes(damaged, [1, 2, 3, 4, 5, 6, 7, 8]);
        var before = _store.Fingerprint();

        Assert.Throws<TradebookException>(() => BackupService.Restore(_store.Database, damaged, force: true));

        Assert.Equal(before, _store.Fingerprint());
    }
}
