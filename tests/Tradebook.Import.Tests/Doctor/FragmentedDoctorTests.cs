using Tradebook.Import.Doctor;

namespace Tradebook.Import.Tests.Doctor;

public sealed class FragmentedDoctorTests
{
    [Fact]
    public void the_ledger_wal_is_reported_and_its_rows_are_read()
    {
        using var folder = DoctorTestFolder.CopyOf("fragmented");
        var report = DoctorScanner.Scan([folder.Root], DoctorTestFolder.Clock);

        var ledger = report.Databases.Single(d => d.RelativePath == "ledger.db");
        Assert.True(ledger.OpenedFromCopy);
        Assert.True(ledger.HeaderSaysWal);
        Assert.Equal("wal", ledger.JournalMode);
        Assert.Equal(new FileInfo(folder.PathOf("ledger.db-wal")).Length, ledger.WalBytes);
        Assert.Equal(["-wal", "-shm"], ledger.Companions.Select(c => c.Suffix));

        // Rows and the latest trade that exist only in the WAL are seen.
        Assert.Equal(640, ledger.Tables.Single(t => t.Name == "trades").Rows);
        Assert.Equal(455, ledger.Tables.Single(t => t.Name == "cash_flows").Rows);
        Assert.Equal(new DateTimeOffset(2025, 8, 29, 3, 55, 26, TimeSpan.Zero), ledger.Tables.Single(t => t.Name == "trades").LastActivity);

        var wal = Assert.Single(report.Findings, f => f.Code == FindingCodes.WalPresent);
        Assert.Equal(folder.PathOf("ledger.db"), wal.Path);
        Assert.Contains("ledger.db-wal", wal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_database_without_tables_and_same_shaped_history_files_are_told_apart()
    {
        using var folder = DoctorTestFolder.CopyOf("fragmented");
        var report = DoctorScanner.Scan([folder.Root], DoctorTestFolder.Clock);

        var empty = Assert.Single(report.Findings, f => f.Code == FindingCodes.EmptyDatabase);
        Assert.Equal(folder.PathOf("cache.db"), empty.Path);
        Assert.Equal("empty", report.Databases.Single(d => d.RelativePath == "cache.db").Schema.Family);

        // Two price histories share a schema but no natural key: one group, no split brain.
        var group = Assert.Single(report.Groups);
        Assert.Equal([folder.PathOf("history/KO_US.db"), folder.PathOf("history/MRK_US.db")], group.Members.Order(StringComparer.Ordinal));
        Assert.Empty(group.Overlaps);
        Assert.DoesNotContain(group.Details, d => d.Stale);
        Assert.DoesNotContain(report.Findings, f => f.Code is FindingCodes.SplitBrain or FindingCodes.StaleCopy or FindingCodes.IntegrityFailed or FindingCodes.NotSqlite);
        Assert.Equal(0, report.Databases.Single(d => d.RelativePath == "history/MRK_US.db").Tables.Single().Rows);
    }
}
