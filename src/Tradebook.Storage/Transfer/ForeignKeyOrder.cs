using System.Text.RegularExpressions;
using Tradebook.Storage.Schema;

namespace Tradebook.Storage.Transfer;

/// <summary>Orders tables so that every table comes after the tables its foreign keys point to.</summary>
public static partial class ForeignKeyOrder
{
    public static IReadOnlyList<string> Sort(SchemaModel schema)
    {
        var parents = schema.Tables.ToDictionary(
            t => t.Key,
            t => t.Value.ForeignKeys.Select(ReferencedTable).Where(p => p != t.Key && schema.Tables.ContainsKey(p)).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        var ordered = new List<string>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < parents.Count)
        {
            // Alphabetical among the ready ones, so the order is the same on every run.
            var ready = parents.Keys.Where(t => !placed.Contains(t) && parents[t].IsSubsetOf(placed)).Order(StringComparer.Ordinal).ToList();
            if (ready.Count == 0)
            {
                var cycle = parents.Keys.Where(t => !placed.Contains(t)).Order(StringComparer.Ordinal);
                throw new InvalidOperationException($"The schema's foreign keys form a cycle between {string.Join(", ", cycle)}; a copy in one pass needs an order.");
            }

            ordered.AddRange(ready);
            placed.UnionWith(ready);
        }

        return ordered;
    }

    /// <summary>The table a foreign key shape of <see cref="SchemaInspector"/> points to, without schema or quotes.</summary>
    private static string ReferencedTable(string foreignKey)
    {
        var match = Referenced().Match(foreignKey);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Cannot read the referenced table of foreign key {foreignKey}.");
        }

        var name = match.Groups["table"].Value.Trim();
        return name[(name.LastIndexOf('.') + 1)..].Trim('"');
    }

    [GeneratedRegex(@"->\s*(?<table>[^(]+)\(")]
    private static partial Regex Referenced();
}
