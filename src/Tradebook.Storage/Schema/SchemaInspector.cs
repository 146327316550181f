using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
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
        var all = connection.Query<(string Name, string Sql)>(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", transaction: transaction).ToList();
        foreach (var table in all.Where(t => !IsDerivedSqliteTable(t.Name, all)).Select(t => t.Name))
        {
            var columns = connection.Query<(long Cid, string Name, string Type, long NotNull, object? Default, long Pk)>(
                    $"SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}')", transaction: transaction)
                .Select(c => new ColumnShape(c.Name, c.Type.ToUpperInvariant(), c.NotNull == 1 || c.Pk > 0))
                .ToList();
            var indexes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, unique, origin) in connection.Query<(string Name, long Unique, string Origin)>(
                         $"SELECT name, \"unique\", origin FROM pragma_index_list('{table}')", transaction: transaction))
            {
                if (origin == "pk")
                {
                    continue;
                }

                var cols = connection.Query<string>($"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno", transaction: transaction);
                indexes.Add(IndexShape(unique == 1, cols));
            }

            var foreignKeys = connection.Query<(long Id, long Seq, string Table, string From, string? To)>(
                    $"SELECT id, seq, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('{table}')", transaction: transaction)
                .GroupBy(f => f.Id)
                .Select(g => ForeignKeyShape(g.OrderBy(f => f.Seq).Select(f => f.From), g.First().Table, g.OrderBy(f => f.Seq).Select(f => f.To ?? "id")))
                .ToHashSet(StringComparer.Ordinal);
            tables[table] = new TableShape(table, columns, indexes, foreignKeys);
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
        var columns = connection.Query<(string Table, string Column, string Type, string Nullable)>(
            """
            SELECT c.table_name, c.column_name, c.data_type, c.is_nullable
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
              -- A generated column (the decisions' search vector) is derived, never copied or written.
              AND c.is_generated = 'NEVER'
            ORDER BY c.table_name, c.ordinal_position
            """, transaction: transaction).ToList();
        var indexes = connection.Query<(string Table, bool Unique, string Columns)>(
            """
            SELECT t.relname, ix.indisunique, string_agg(a.attname, ',' ORDER BY k.ord)
            FROM pg_index ix
            JOIN pg_class t ON t.oid = ix.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
            WHERE n.nspname = current_schema() AND NOT ix.indisprimary
            GROUP BY t.relname, ix.indexrelid, ix.indisunique
            """, transaction: transaction).ToList();
        var foreignKeys = connection.Query<(string Table, string Definition)>(
            """
            SELECT cl.relname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            JOIN pg_class cl ON cl.oid = c.conrelid
            JOIN pg_namespace n ON n.oid = cl.relnamespace
            WHERE c.contype = 'f' AND n.nspname = current_schema()
            """, transaction: transaction).ToList();

        var tables = new SortedDictionary<string, TableShape>(StringComparer.Ordinal);
        foreach (var group in columns.GroupBy(c => c.Table))
        {
            tables[group.Key] = new TableShape(
                group.Key,
                group.Select(c => new ColumnShape(c.Column, c.Type.ToUpperInvariant(), c.Nullable == "NO")).ToList(),
                indexes.Where(i => i.Table == group.Key).Select(i => IndexShape(i.Unique, i.Columns.Split(','))).ToHashSet(StringComparer.Ordinal),
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
