using System.Text.RegularExpressions;
using Tradebook.Storage.Schema;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Storage.Tests.Migrations;

public sealed class SqliteForeignKeyIndexTests() : ForeignKeyIndexTests(StorageEngine.Sqlite);

public sealed class PostgresForeignKeyIndexTests() : ForeignKeyIndexTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>
/// Deleting a row that others may reference makes the engine look for those references. Without an index
/// on the referencing columns, that look is a scan of the whole referencing table for every deleted row:
/// rolling back an import of 5,000 orders beside 100,000 other fills took 15 s, and a replay that deletes
/// positions scanned every cash flow once per position. So every foreign key to a table Tradebook deletes
/// from is backed by an index that starts with the key's first column: the one that names the referenced
/// row (a key's <c>bot_id</c> that follows only ties the row to its own bot, and narrows nothing).
/// </summary>
public abstract partial class ForeignKeyIndexTests(StorageEngine engine) : StorageTest(engine)
{
    /// <summary>Tables whose rows Tradebook never deletes (an import rolled back keeps its batch row): nothing to look up.</summary>
    private static readonly HashSet<string> NeverDeleted = new(StringComparer.Ordinal) { "users", "bots", "instruments", "import_batches" };

    [StorageFact]
    public void every_foreign_key_to_a_table_whose_rows_are_deleted_has_an_index_on_its_columns()
    {
        Db.Migrated();
        var schema = Db.Query(c => SchemaInspector.Inspect(c, Db.Engine));

        var unindexed = schema.Tables.Values
            .SelectMany(table => table.ForeignKeys.Select(key => (Table: table, Key: ForeignKey().Match(key))))
            .Where(f => !NeverDeleted.Contains(f.Key.Groups["parent"].Value))
            .Where(f => !IsIndexed(f.Table, Columns(f.Key.Groups["from"].Value)[0]))
            .Select(f => $"{f.Table.Name} {f.Key.Value}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(unindexed.Count == 0, string.Join(Environment.NewLine, unindexed));
    }

    [StorageFact]
    public void the_inspector_reads_every_foreign_key_and_index_shape_this_test_parses()
    {
        Db.Migrated();
        var schema = Db.Query(c => SchemaInspector.Inspect(c, Db.Engine));

        Assert.All(schema.Tables.Values.SelectMany(t => t.ForeignKeys), key => Assert.Matches(ForeignKey(), key));
        Assert.All(schema.Tables.Values.SelectMany(t => t.Indexes), index => Assert.Matches(Index(), index));
        Assert.Contains("(position_id, bot_id) -> positions(id, bot_id)", schema.Tables["fills"].ForeignKeys);
        Assert.Equal(["decision_id", "signal_id"], schema.Tables["decision_signals"].PrimaryKey);
        Assert.Equal(["id"], schema.Tables["fills"].PrimaryKey);
    }

    /// <summary>Whether an index of <paramref name="table"/> (its primary key included) begins with <paramref name="column"/>.</summary>
    private static bool IsIndexed(TableShape table, string column) =>
        table.PrimaryKey.FirstOrDefault() == column
        || table.Indexes.Any(index => Columns(Index().Match(index).Groups["columns"].Value)[0] == column);

    private static List<string> Columns(string list) => [.. list.Split(',', StringSplitOptions.TrimEntries)];

    [GeneratedRegex(@"^\((?<from>[^)]*)\) -> (?<parent>\w+)\((?<to>[^)]*)\)$")]
    private static partial Regex ForeignKey();

    [GeneratedRegex(@"^(unique )?\((?<columns>[^)]*)\)$")]
    private static partial Regex Index();
}
