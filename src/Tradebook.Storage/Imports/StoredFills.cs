using System.Data.Common;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Imports;

/// <summary>
/// What an import's verification reads of the store: each named bot's fills (id, batch, quantity, fee) as a
/// <see cref="StoredFillCursor"/> in the byte order of their ids, one row at a time, so that a check of any size
/// holds the current row of each bot and nothing more.
/// </summary>
public sealed class StoredFills
{
    private readonly Dictionary<string, StoredFillCursor> _cursors;

    private StoredFills(Dictionary<string, StoredFillCursor> cursors) => _cursors = cursors;

    /// <summary>The bots the store holds, each with its cursor; a bot the store lacks has no fills to find.</summary>
    public IEnumerable<KeyValuePair<string, StoredFillCursor>> Bots => _cursors;

    /// <summary>
    /// Opens a cursor over the stored fills of each of <paramref name="bots"/> the store holds and runs
    /// <paramref name="walk"/> over them; the cursors are closed when it returns.
    /// </summary>
    public static T Walk<T>(TradebookDatabase database, IReadOnlyCollection<string> bots, Func<StoredFills, T> walk)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(bots);
        ArgumentNullException.ThrowIfNull(walk);
        return database.Run(connection =>
        {
            var cursors = new Dictionary<string, StoredFillCursor>(StringComparer.Ordinal);
            try
            {
                foreach (var (name, id) in BotIds(connection, bots))
                {
                    cursors[name] = StoredFillCursor.Open(database, connection, id);
                }

                return walk(new StoredFills(cursors));
            }
            finally
            {
                foreach (var cursor in cursors.Values)
                {
                    cursor.Dispose();
                }
            }
        });
    }

    /// <summary>The cursor of <paramref name="bot"/>'s fills; false when the store has no such bot.</summary>
    public bool TryGet(string bot, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out StoredFillCursor? cursor) => _cursors.TryGetValue(bot, out cursor);

    /// <summary>The store's id of each of <paramref name="bots"/> it holds.</summary>
    private static Dictionary<string, long> BotIds(DbConnection connection, IReadOnlyCollection<string> bots)
    {
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        using var command = connection.Command(null, "SELECT id, name FROM bots");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (bots.Contains(reader.GetString(1)))
            {
                ids[reader.GetString(1)] = reader.GetInt64(0);
            }
        }

        return ids;
    }
}
