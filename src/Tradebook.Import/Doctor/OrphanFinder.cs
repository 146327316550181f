using System.Globalization;
using Microsoft.Data.Sqlite;
using static Tradebook.Import.Doctor.SqliteQueries;

namespace Tradebook.Import.Doctor;

/// <summary>
/// Counts rows that point at a missing parent row, for declared foreign keys and for undeclared but
/// obvious references (a <c>bot_id</c> column beside a <c>bots</c> table with an <c>id</c>).
/// </summary>
internal static class OrphanFinder
{
    private const int SampleSize = 20;

    public static List<OrphanReference> Find(SqliteConnection connection, IReadOnlyList<TableShape> tables)
    {
        var result = new List<OrphanReference>();
        foreach (var table in tables)
        {
            var declared = Declared(connection, table);
            foreach (var (column, parentTable, parentColumn) in declared)
            {
                var parent = tables.FirstOrDefault(t => string.Equals(t.Name, parentTable, StringComparison.OrdinalIgnoreCase));
                var resolvedParentColumn = parentColumn ?? parent?.PrimaryKey.SingleOrDefault() ?? "rowid";
                result.Add(Count(connection, table.Name, column, parentTable, resolvedParentColumn, parent is not null, declared: true));
            }

            foreach (var column in table.Columns)
            {
                if (declared.Any(d => string.Equals(d.Column, column.Name, StringComparison.OrdinalIgnoreCase))
                    || Inferred(tables, table, column.Name) is not { } parent)
                {
                    continue;
                }

                var parentColumn = parent.Has("id") ? parent.Find("id")!.Name : parent.PrimaryKey.Count == 1 ? parent.PrimaryKey[0] : null;
                if (parentColumn is null || !LooksLikeReference(connection, table.Name, column.Name, parent.Name, parentColumn))
                {
                    continue;
                }

                result.Add(Count(connection, table.Name, column.Name, parent.Name, parentColumn, parentExists: true, declared: false));
            }
        }

        return result;
    }

    /// <summary>Single-column declared foreign keys; composite ones are left to PRAGMA foreign_key_check.</summary>
    private static List<(string Column, string ParentTable, string? ParentColumn)> Declared(SqliteConnection connection, TableShape table)
    {
        return Rows(connection, $"PRAGMA foreign_key_list({Q(table.Name)})")
            .GroupBy(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture))
            .Where(g => g.Count() == 1)
            .Select(g => g.Single())
            .Select(r => ((string)r[3]!, (string)r[2]!, r[4] as string))
            .ToList();
    }

    /// <summary>The table a <c>&lt;name&gt;_id</c> column would point to: <c>name</c>, <c>names</c>, <c>namees</c> or <c>nam(ies)</c>.</summary>
    private static TableShape? Inferred(IReadOnlyList<TableShape> tables, TableShape table, string column)
    {
        if (!column.EndsWith("_id", StringComparison.OrdinalIgnoreCase) || column.Length <= 3)
        {
            return null;
        }

        var stem = column[..^3];
        var candidates = new List<string> { stem, stem + "s", stem + "es" };
        if (stem.EndsWith('y'))
        {
            candidates.Add(stem[..^1] + "ies");
        }

        return tables.FirstOrDefault(t => t != table && candidates.Contains(t.Name, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// An undeclared reference is only trusted when the values have the parent's storage type and at least
    /// one of them matches (or the parent is empty): a text order_id is not a pointer into an integer orders.id.
    /// </summary>
    private static bool LooksLikeReference(SqliteConnection connection, string table, string column, string parent, string parentColumn)
    {
        var childType = Scalar(connection, $"SELECT typeof({Q(column)}) t FROM {Q(table)} WHERE {Q(column)} IS NOT NULL GROUP BY t ORDER BY COUNT(*) DESC LIMIT 1") as string;
        var parentType = Scalar(connection, $"SELECT typeof({Q(parentColumn)}) t FROM {Q(parent)} WHERE {Q(parentColumn)} IS NOT NULL GROUP BY t ORDER BY COUNT(*) DESC LIMIT 1") as string;
        if (childType is null)
        {
            return false;
        }

        if (parentType is null)
        {
            return true;
        }

        if (childType != parentType)
        {
            return false;
        }

        return Long(connection, $"SELECT EXISTS (SELECT 1 FROM {Q(table)} c JOIN {Q(parent)} p ON p.{Q(parentColumn)} = c.{Q(column)})") == 1;
    }

    private static OrphanReference Count(SqliteConnection connection, string table, string column, string parent, string parentColumn, bool parentExists, bool declared)
    {
        var c = Q(column);
        var missing = parentExists
            ? $"c.{c} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {Q(parent)} p WHERE p.{Q(parentColumn)} = c.{c})"
            : $"c.{c} IS NOT NULL";
        var counts = Rows(connection, $"SELECT COUNT(*), COUNT(DISTINCT c.{c}) FROM {Q(table)} c WHERE {missing}")[0];
        var sample = Rows(connection, $"SELECT DISTINCT c.{c} FROM {Q(table)} c WHERE {missing} ORDER BY 1 LIMIT {SampleSize}")
            .Select(r => Text(r[0]) ?? "")
            .ToList();
        return new OrphanReference(
            table, column, parent, parentColumn, declared,
            Convert.ToInt64(counts[0], CultureInfo.InvariantCulture),
            Convert.ToInt64(counts[1], CultureInfo.InvariantCulture),
            sample);
    }
}
