using System.Data.Common;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Migrations;

/// <summary>The <c>schema_migrations</c> table on each engine.</summary>
internal static class MigrationHistory
{
    public static string CreateTableSql(SqlEngine engine) => engine == SqlEngine.Sqlite
        ? """
          CREATE TABLE IF NOT EXISTS schema_migrations (
              version       INTEGER PRIMARY KEY,
              name          TEXT NOT NULL,
              checksum      TEXT NOT NULL,
              applied_at    TEXT NOT NULL,
              duration_ms   INTEGER NOT NULL,
              tool_version  TEXT NOT NULL
          )
          """
        : """
          CREATE TABLE IF NOT EXISTS schema_migrations (
              version       INTEGER PRIMARY KEY,
              name          TEXT NOT NULL,
              checksum      TEXT NOT NULL,
              applied_at    TIMESTAMPTZ NOT NULL,
              duration_ms   BIGINT NOT NULL,
              tool_version  TEXT NOT NULL
          )
          """;

    public static bool Exists(DbConnection connection, DbTransaction? transaction, SqlEngine engine)
    {
        using var command = connection.Command(transaction, engine == SqlEngine.Sqlite
            ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            : "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_migrations'");
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    public static List<AppliedMigration> Read(DbConnection connection, DbTransaction? transaction, SqlEngine engine)
    {
        var applied = new List<AppliedMigration>();
        if (!Exists(connection, transaction, engine))
        {
            return applied;
        }

        using var command = connection.Command(transaction, "SELECT version, name, checksum, applied_at, duration_ms, tool_version FROM schema_migrations ORDER BY version");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            applied.Add(new AppliedMigration(
                Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
                reader.GetString(1),
                reader.GetString(2),
                StoredTime.Read(reader.GetValue(3)),
                reader.GetInt64(4),
                reader.GetString(5)));
        }

        return applied;
    }

    public static void Insert(DbConnection connection, DbTransaction transaction, TradebookDatabase database, Migration migration, DateTimeOffset appliedAt, long durationMs)
    {
        using var command = connection.Command(transaction, """
            INSERT INTO schema_migrations (version, name, checksum, applied_at, duration_ms, tool_version)
            VALUES (@version, @name, @checksum, @applied_at, @duration_ms, @tool_version)
            """);
        command.Add("@version", migration.Version);
        command.Add("@name", migration.Name);
        command.Add("@checksum", migration.Checksum);
        command.Add("@applied_at", database.Timestamp(appliedAt));
        command.Add("@duration_ms", durationMs);
        command.Add("@tool_version", ToolVersion.Current);
        command.ExecuteNonQuery();
    }

    public static void Delete(DbConnection connection, DbTransaction transaction, int version)
    {
        using var command = connection.Command(transaction, "DELETE FROM schema_migrations WHERE version = @version");
        command.Add("@version", version);
        command.ExecuteNonQuery();
    }
}
