using Tradebook.Core;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Migrations;
using Tradebook.Storage.Schema;

namespace Tradebook.Storage.Transfer;

/// <summary>
/// Decides what a conversion copies. The tables, their columns and foreign keys come from the
/// migrations themselves (run in a scratch in-memory SQLite), so a table added by a later migration is
/// copied without anyone listing it. What each column holds comes from a PostgreSQL side's catalog
/// when there is one (NUMERIC, TIMESTAMPTZ); between two SQLite files every value is copied as stored.
/// </summary>
public static class TransferPlanner
{
    public static TransferPlan Plan(IMigrationSource migrations, int version, SchemaModel source, SchemaModel target, SqlEngine sourceEngine, SqlEngine targetEngine)
    {
        var model = FromMigrations(migrations, version);
        var typed = targetEngine == SqlEngine.Postgres ? target : sourceEngine == SqlEngine.Postgres ? source : null;
        var warnings = new List<string>();
        var drift = new List<string>();
        var tables = new List<TransferTable>();
        foreach (var name in ForeignKeyOrder.Sort(model))
        {
            var columns = model.Tables[name].Columns;
            drift.AddRange(Missing("source", source, name, columns));
            drift.AddRange(Missing("target", target, name, columns));
            if (source.Tables.TryGetValue(name, out var sourceTable))
            {
                warnings.AddRange(sourceTable.Columns.Where(c => columns.All(m => m.Name != c.Name)).Select(c => $"column {name}.{c.Name} of the source is not in Tradebook's schema and was not copied"));
            }

            tables.Add(new TransferTable(name, columns.Select(c => Column(name, c, typed)).ToList()));
        }

        if (drift.Count > 0)
        {
            throw new TradebookException(ErrorCode.Drift, $"the schemas do not match Tradebook's migrations: {string.Join("; ", drift.Take(5))}{(drift.Count > 5 ? $" (and {drift.Count - 5} more)" : string.Empty)}", new Remedy(RemedyKind.ShowDrift));
        }

        warnings.InsertRange(0, source.Tables.Keys
            .Where(t => !model.Tables.ContainsKey(t) && t != "schema_migrations")
            .Select(t => $"table {t} of the source is not in Tradebook's schema and was not copied"));
        return new TransferPlan(version, tables, warnings);
    }

    /// <summary>The schema that migrations up to <paramref name="version"/> produce, read from a scratch in-memory SQLite.</summary>
    public static SchemaModel FromMigrations(IMigrationSource migrations, int version)
    {
        using var scratch = SqliteConnections.Open("Data Source=:memory:");
        foreach (var migration in migrations.Load(SqlEngine.Sqlite).Where(m => m.Version <= version))
        {
            using var command = scratch.Command(null, migration.UpSql);
            command.ExecuteNonQuery();
        }

        return SchemaInspector.Inspect(scratch, SqlEngine.Sqlite);
    }

    private static IEnumerable<string> Missing(string side, SchemaModel schema, string table, IReadOnlyList<ColumnShape> columns)
    {
        if (!schema.Tables.TryGetValue(table, out var live))
        {
            return [$"the {side} has no table {table}"];
        }

        return columns.Where(c => live.Columns.All(l => l.Name != c.Name)).Select(c => $"the {side} has no column {table}.{c.Name}");
    }

    private static TransferColumn Column(string table, ColumnShape shape, SchemaModel? typed)
    {
        if (typed is null)
        {
            return new TransferColumn(shape.Name, shape.Type.Contains("INT", StringComparison.Ordinal) ? ColumnKind.Integer : ColumnKind.Text);
        }

        var type = typed.Tables[table].Columns.Single(c => c.Name == shape.Name).Type;
        var kind = type switch
        {
            "BIGINT" or "INTEGER" or "SMALLINT" => ColumnKind.Integer,
            "NUMERIC" => ColumnKind.Decimal,
            "TIMESTAMP WITH TIME ZONE" or "TIMESTAMP WITHOUT TIME ZONE" => ColumnKind.Timestamp,
            "TEXT" or "CHARACTER VARYING" or "CHARACTER" => ColumnKind.Text,
            _ => throw new InvalidOperationException($"Column {table}.{shape.Name} has PostgreSQL type {type}, which convert does not know how to copy."),
        };
        return new TransferColumn(shape.Name, kind, type);
    }
}
