namespace Tradebook.Storage.Sqlite;

/// <summary>Loads the bundled SQLite library once per process, before the first connection.</summary>
public static class SqliteBootstrap
{
    private static readonly Lazy<bool> Initialized = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    public static void EnsureInitialized() => _ = Initialized.Value;
}
