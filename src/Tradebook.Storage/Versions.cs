using Tradebook.Storage.Connection;
using Tradebook.Storage.Migrations;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Storage;

/// <summary>What this Tradebook is made of: its own version, the SQLite engine it runs on, and the schema version it writes.</summary>
/// <param name="Tradebook">The tool's version (<see cref="ToolVersion.Current"/>).</param>
/// <param name="Sqlite">The bundled SQLite engine's version, as the library reports it at run time.</param>
/// <param name="SchemaVersion">The highest migration this Tradebook ships: the schema version of a database it creates.</param>
public sealed record Versions(string Tradebook, string Sqlite, int SchemaVersion)
{
    public static Versions Current { get; } = new(
        ToolVersion.Current,
        SqliteLibrary.Version,
        EmbeddedMigrationSource.Instance.Load(SqlEngine.Sqlite) is { Count: > 0 } migrations ? migrations[^1].Version : 0);
}
