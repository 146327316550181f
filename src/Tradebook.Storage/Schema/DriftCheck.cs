using Tradebook.Storage.Connection;
using Tradebook.Storage.Migrations;

namespace Tradebook.Storage.Schema;

/// <summary>
/// Compares the live schema with what the applied migrations produce. The expected schema is built
/// by running the same migrations in a scratch database (SQLite in memory; on PostgreSQL a scratch
/// schema inside a transaction that is rolled back), so the check never trusts a hand-kept copy.
/// </summary>
public static class DriftCheck
{
    public static IReadOnlyList<string> Run(TradebookDatabase database, Migrator migrator)
    {
        var version = migrator.Status().CurrentVersion;
        var live = database.Run(c => SchemaInspector.Inspect(c, database.Engine));
        var expected = Expected(database, migrator.Migrations.Where(m => m.Version <= version));
        return Compare(expected, live);
    }

    /// <summary>The schema <paramref name="migrations"/> produce on an empty database of the same engine.</summary>
    public static SchemaModel Expected(TradebookDatabase database, IEnumerable<Migration> migrations)
    {
        var scripts = migrations.Select(m => m.UpSql).Prepend(MigrationHistory.CreateTableSql(database.Engine)).ToList();
        if (database.Engine == SqlEngine.Sqlite)
        {
            using var scratch = SqliteConnections.Open("Data Source=:memory:");
            foreach (var sql in scripts)
            {
                using var command = scratch.Command(null, sql);
                command.ExecuteNonQuery();
            }

            return SchemaInspector.Inspect(scratch, SqlEngine.Sqlite);
        }

        return database.Run(connection =>
        {
            using var transaction = connection.BeginTransaction();
            var schema = $"tradebook_drift_{Guid.NewGuid():N}";
            using (var create = connection.Command(transaction, $"CREATE SCHEMA {schema}; SET LOCAL search_path TO {schema};"))
            {
                create.ExecuteNonQuery();
            }

            foreach (var sql in scripts)
            {
                using var command = connection.Command(transaction, sql);
                command.ExecuteNonQuery();
            }

            var model = SchemaInspector.Inspect(connection, SqlEngine.Postgres, transaction);
            transaction.Rollback();
            return model;
        });
    }

    public static IReadOnlyList<string> Compare(SchemaModel expected, SchemaModel live)
    {
        var drift = new List<string>();
        foreach (var (name, table) in expected.Tables)
        {
            if (!live.Tables.TryGetValue(name, out var actual))
            {
                drift.Add($"table {name} is missing");
                continue;
            }

            var liveColumns = actual.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
            foreach (var column in table.Columns)
            {
                if (!liveColumns.TryGetValue(column.Name, out var found))
                {
                    drift.Add($"column {name}.{column.Name} is missing");
                }
                else if (found != column)
                {
                    drift.Add($"column {name}.{column.Name} is {Describe(found)}, expected {Describe(column)}");
                }
            }

            drift.AddRange(actual.Columns.Where(c => table.Columns.All(e => e.Name != c.Name)).Select(c => $"column {name}.{c.Name} is not in the migrations"));
            if (!table.PrimaryKey.SequenceEqual(actual.PrimaryKey, StringComparer.Ordinal))
            {
                drift.Add($"primary key of {name} is ({string.Join(", ", actual.PrimaryKey)}), expected ({string.Join(", ", table.PrimaryKey)})");
            }

            drift.AddRange(table.Indexes.Except(actual.Indexes).Select(i => $"index {name} {i} is missing"));
            drift.AddRange(actual.Indexes.Except(table.Indexes).Select(i => $"index {name} {i} is not in the migrations"));
            drift.AddRange(table.ForeignKeys.Except(actual.ForeignKeys).Select(f => $"foreign key {name} {f} is missing"));
            drift.AddRange(actual.ForeignKeys.Except(table.ForeignKeys).Select(f => $"foreign key {name} {f} is not in the migrations"));
        }

        drift.AddRange(live.Tables.Keys.Where(t => !expected.Tables.ContainsKey(t)).Select(t => $"table {t} is not in the migrations"));
        return drift;

        static string Describe(ColumnShape c) => $"{c.Type}{(c.NotNull ? " NOT NULL" : string.Empty)}";
    }
}
