using System.Data.Common;
using Npgsql;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Transfer;

/// <summary>What a PostgreSQL target needs before the migrator can run: its database and schema, and sequences after the copy.</summary>
public static class PostgresTarget
{
    /// <summary>
    /// Creates the database named in the connection string, and the first schema of its search path,
    /// when they do not exist yet. True when something was created.
    /// </summary>
    public static bool EnsureExists(DatabaseTarget target)
    {
        var builder = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Pooling = false };
        var created = false;
        try
        {
            try
            {
                using var probe = new NpgsqlConnection(builder.ConnectionString);
                probe.Open();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                // CREATE DATABASE cannot run inside the database it creates: connect to the maintenance one.
                var admin = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = "postgres", SearchPath = null };
                using var connection = new NpgsqlConnection(admin.ConnectionString);
                connection.Open();
                using var create = new NpgsqlCommand($"CREATE DATABASE {Sql.Quote(builder.Database!)}", connection);
                create.ExecuteNonQuery();
                created = true;
            }

            var schema = builder.SearchPath?.Split(',')[0].Trim().Trim('"');
            if (!string.IsNullOrEmpty(schema) && schema != "$user")
            {
                using var connection = new NpgsqlConnection(builder.ConnectionString);
                connection.Open();
                using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_namespace WHERE nspname = @schema", connection);
                exists.Parameters.AddWithValue("schema", schema);
                if (Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
                {
                    using var create = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {Sql.Quote(schema)}", connection);
                    create.ExecuteNonQuery();
                    created = true;
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException)
        {
            throw DatabaseErrors.Translate(e, target.Display);
        }

        return created;
    }

    /// <summary>
    /// Moves every identity (or serial) sequence of <paramref name="tables"/> past the largest id copied,
    /// so that the next row inserted on the target gets a fresh id instead of colliding with a copied one.
    /// </summary>
    public static void ResetSequences(DbConnection connection, DbTransaction transaction, IEnumerable<string> tables)
    {
        var wanted = tables.ToHashSet(StringComparer.Ordinal);
        var columns = new List<(string Table, string Column)>();
        using (var find = connection.Command(transaction, """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')
            ORDER BY table_name, column_name
            """))
        using (var reader = find.ExecuteReader())
        {
            while (reader.Read())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (table, column) in columns.Where(c => wanted.Contains(c.Table)))
        {
            using var reset = connection.Command(transaction, $"""
                SELECT setval(pg_get_serial_sequence(@table, @column), COALESCE(max({Sql.Quote(column)}), 0) + 1, false) FROM {Sql.Quote(table)}
                """);
            reset.Add("@table", Sql.Quote(table));
            reset.Add("@column", column);
            reset.ExecuteScalar();
        }
    }
}
