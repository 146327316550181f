namespace Tradebook.Import.Tests.GenericTrades;

/// <summary>The split-brain trader sample: a live copy, a stale copy, a pre-migration backup and a non-SQLite ".db".</summary>
internal static class TraderSamples
{
    public const string Main = "trader.db";
    public const string Backend = "backend/trader.db";
    public const string Backup = "backend/trader_backup_migration_20250913_123112.db";
    public const string CeleryBeat = "backend/celerybeat-schedule.db";

    public static string PathOf(string relative) =>
        Path.Combine([AppContext.BaseDirectory, "TestData", "trader", .. relative.Split('/')]);
}
