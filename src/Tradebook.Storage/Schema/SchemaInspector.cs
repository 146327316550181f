using System.Data.Common;
using System.Text.RegularExpressions;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Schema;

/// <summary>Reads the live schema from each engine's catalog into a <see cref="SchemaModel"/>.</summary>
public static partial class SchemaInspector
{
    public static SchemaModel Inspect(DbConnection connection, SqlEngine engine, DbTransaction? transaction = null) =>
        engine == SqlEngine.Sqlite ? InspectSqlite(connection, transaction) : InspectPostgres(connection, transaction);

    private static SchemaModel InspectSqlite(DbConnection connection, DbTransaction? transaction)
    {
        var tables = new SortedDictionary<string, TableShape>(StringComparer.Ordinal);
        var all = connection.Rows(transaction, "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            r => (Name: r.GetString(0), Sql: r.GetString(1)));
        foreach (var table in all.Where(t => !IsDerivedSqliteTable(t.Name, all)).Select(t => t.Name))
        {
            var columns = connection.Rows(transaction, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}') ORDER BY cid",
                r => new ColumnShape(r.GetString(0), r.GetString(1).ToUpperInvariant(), r.GetInt64(2) == 1 || r.GetInt64(3) > 0));
            var primaryKey = connection.Rows(transaction, $"SELECT name FROM pragma_table_info('{table}') WHERE pk > 0 ORDER BY pk", r => r.GetString(0));
            var indexes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, unique, origin) in connection.Rows(transaction, $"SELECT name, \"unique\", origin FROM pragma_index_list('{table}')",
                         r => (r.GetString(0), r.GetInt64(1), r.GetString(2))))
            {
                if (origin == "pk")
                {
                    continue;
                }

                var cols = connection.Rows(transaction, $"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno", r => r.GetString(0));
                indexes.Add(IndexShape(unique == 1, cols));
            }

            var foreignKeys = connection.Rows(transaction, $"SELECT id, seq, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('{table}')",
                    r => (Id: r.GetInt64(0), Seq: r.GetInt64(1), Table: r.GetString(2), From: r.GetString(3), To: r.GetStringOrNull(4)))
                .GroupBy(f => f.Id)
                .Select(g => ForeignKeyShape(g.OrderBy(f => f.Seq).Select(f => f.From), g.First().Table, g.OrderBy(f => f.Seq).Select(f => f.To ?? "id")))
                .ToHashSet(StringComparer.Ordinal);
            tables[table] = new TableShape(table, columns, primaryKey, indexes, foreignKeys);
        }

        return new SchemaModel(tables);
    }

    // A full-text index (a virtual table) and the shadow tables SQLite keeps it in are derived from the
    // table they index: not data to copy or compare column by column.
    private static bool IsDerivedSqliteTable(string name, IReadOnlyList<(string Name, string Sql)> tables) =>
        tables.Any(t => t.Sql.StartsWith("CREATE VIRTUAL TABLE", StringComparison.OrdinalIgnoreCase)
            && (t.Name == name || FtsShadowSuffixes.Any(suffix => name == t.Name + suffix)));

    private static readonly string[] FtsShadowSuffixes = ["_data", "_idx", "_content", "_docsize", "_config"];

    private static SchemaModel InspectPostgres(DbConnection connection, DbTransaction? transaction)
    {
        var columns = connection.Rows(
            transaction,
            """
            SELECT c.table_name, c.column_name, c.data_type, c.is_nullable
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
              -- A generated column (the decisions' search vector) is derived, never copied or written.
              AND c.is_generated = 'NEVER'
            ORDER BY c.table_name, c.ordinal_position
            """,
            r => (Table: r.GetString(0), Column: r.GetString(1), Type: r.GetString(2), Nullable: r.GetString(3)));
        var indexes = connection.Rows(
            transaction,
            """
            SELECT t.relname, ix.indisunique, ix.indisprimary, string_agg(a.attname, ',' ORDER BY k.ord)
            FROM pg_index ix
            JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
            WHERE n.nspname = current_schema()
            GROUP BY t.relname, ix.indexrelid, ix.indisunique, ix.indisprimary
            """,
            r => (Table: r.GetString(0), Unique: r.GetBoolean(1), Primary: r.GetBoolean(2), Columns: r.GetString(3)));
        var foreignKeys = connection.Rows(
            transaction,
            """
            SELECT cl.relname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            JOIN pg_class cl ON cl.oid = c.conrelid
            JOIN pg_namespace n ON n.oid = cl.relnamespace
            WHERE c.contype = 'f' AND n.nspname = current_schema()
            """,
            r => (Table: r.GetString(0), Definition: r.GetString(1)));

        var tables = new SortedDictionary<string, TableShape>(StringComparer.Ordinal);
        foreach (var group in columns.GroupBy(c => c.Table))
        {
            tables[group.Key] = new TableShape(
                group.Key,
                group.Select(c => new ColumnShape(c.Column, c.Type.ToUpperInvariant(), c.Nullable == "NO")).ToList(),
                indexes.FirstOrDefault(i => i.Table == group.Key && i.Primary).Columns?.Split(',') ?? [],
                indexes.Where(i => i.Table == group.Key && !i.Primary).Select(i => IndexShape(i.Unique, i.Columns.Split(','))).ToHashSet(StringComparer.Ordinal),
                foreignKeys.Where(f => f.Table == group.Key).Select(f => ParsePostgresForeignKey(f.Definition)).ToHashSet(StringComparer.Ordinal));
        }

        return new SchemaModel(tables);
    }

    private static string IndexShape(bool unique, IEnumerable<string> columns) =>
        $"{(unique ? "unique " : string.Empty)}({string.Join(", ", columns)})";

    private static string ForeignKeyShape(IEnumerable<string> from, string table, IEnumerable<string> to) =>
        $"({string.Join(", ", from)}) -> {table}({string.Join(", ", to)})";

    private static string ParsePostgresForeignKey(string definition)
    {
        var match = PostgresForeignKey().Match(definition);
        return match.Success
            ? ForeignKeyShape(Split(match.Groups["from"].Value), match.Groups["table"].Value, Split(match.Groups["to"].Value))
            : definition;

        static IEnumerable<string> Split(string list) => list.Split(',').Select(s => s.Trim().Trim('"'));
    }

    [GeneratedRegex(@"FOREIGN KEY \((?<from>[^)]*)\) REFERENCES (?<table>[\w.""]+)\((?<to>[^)]*)\)")]
    private static partial Regex PostgresForeignKey();
}
