using System.Globalization;

namespace Tradebook.Cli.Tests.Import;

/// <summary>Every sample imported twice inserts nothing the second time, and rolling each batch back restores the database.</summary>
public sealed class ReimportAndRollbackTests
{
    public static TheoryData<string[]> Samples => new()
    {
        new[] { "real-dbs/jpiv__CryptoTradingRL__tradesv3.dryrun.sqlite" },
        new[] { "real-dbs/tooyipjee__freqtrade__tradesv3.sqlite" },
        new[] { "real-dbs/ronmegini__Trading-Bot__tradesv3.sqlite" },
        new[] { "real-dbs/danielarroyave28__principia-bot__tradesv3_freqtrade2.sqlite" },
        new[] { "real-dbs/smoke22n__GKD_troubleshoot__tradesv3.sqlite" },
        new[] { "real-dbs/edgeware-network__MM-Logs__conf_pure_mm_1.sqlite" },
        new[] { "trader/trader.db", "trader/backend/trader.db", "trader/backend/trader_backup_migration_20250913_123112.db" },
        new[] { "arena/arena.db" },
        new[] { "jsonfiles" },
        new[] { "fragmented" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void a_second_import_inserts_nothing_and_rolling_back_both_batches_restores_the_database(string[] sample)
    {
        using var workspace = new SampleWorkspace();
        var sources = sample.Select(workspace.Sample).ToArray();
        var empty = workspace.Fingerprint();

        var first = workspace.Import(sources);
        var imported = workspace.Fingerprint();
        var second = workspace.Import(sources);

        Assert.Equal(imported, workspace.Fingerprint());
        foreach (var kind in second.GetProperty("imports")[0].GetProperty("kinds").EnumerateObject())
        {
            Assert.True(kind.Value.GetProperty("inserted").GetInt32() == 0, $"{kind.Name}: {kind.Value}");
        }

        Assert.True(second.GetProperty("imports")[0].GetProperty("verification").GetProperty("ok").GetBoolean());

        var batch = first.GetProperty("imports")[0].GetProperty("batch_id").GetInt64().ToString(CultureInfo.InvariantCulture);
        var later = second.GetProperty("imports")[0].GetProperty("batch_id").GetInt64().ToString(CultureInfo.InvariantCulture);
        Assert.Equal(0, workspace.Run("import", "--rollback", later, "--no-backup").ExitCode);
        Assert.Equal(imported, workspace.Fingerprint());
        var rollback = workspace.Run("import", "--rollback", batch, "--no-backup");
        Assert.True(rollback.ExitCode == 0, rollback.ToString());

        // Instruments and bots named by the batch stay: they are reference rows, upserted by key and
        // carrying no batch, that other data may share. Settings the batch created go with it.
        Assert.Equal(Strip(empty), Strip(workspace.Fingerprint()));
    }

    private static string Strip(string fingerprint) =>
        string.Join(";", fingerprint.Split(';').Where(p => !p.StartsWith("instruments=", StringComparison.Ordinal) && !p.StartsWith("bots=", StringComparison.Ordinal)));
}
