using Microsoft.Data.Sqlite;

namespace Tradebook.Import.Sources;

/// <summary>
/// The evidence every SQLite source carries about itself: a foreign key names the table its rows refer to, so a
/// key whose table is not in the file says that a table was dropped or never copied, whatever the program.
/// </summary>
internal static class ReferencedTables
{
    /// <summary>
    /// Each table that a foreign key of the file names and the file lacks;
    /// <paramref name="file"/> names the file among several; <paramref name="loss"/> says, for a referring table and its key, what the reader loses, when the reader knows (null: the general words).
    /// </summary>
    public static IEnumerable<MissingTable> Missing(SqliteConnection connection, Func<string, ForeignKey, string?>? loss = null, string? file = null)
    {
        var tables = SqliteFiles.Tables(connection).Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var table in tables.Order(StringComparer.Ordinal))
        {
            foreach (var key in SqliteTables.ForeignKeys(connection, table))
            {
                if (tables.Contains(key.ToTable))
                {
                    continue;
                }

                yield return new MissingTable(
                    file is null ? key.ToTable : $"{file}: {key.ToTable}",
                    $"the source's own foreign key {table}.{key.FromColumn} refers to it",
                    loss?.Invoke(table, key) ?? $"the rows {table}.{key.FromColumn} refers to; what {table} holds is imported without them");
            }
        }
    }
}
