using System.Data.Common;
using Microsoft.Data.Sqlite;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Imports;

/// <summary>
/// The stored fills of one bot in the byte order of their ids' UTF-8 (<see cref="Utf8Order"/>), walked one at a
/// time beside a source's fills in the same order: the natural-key index gives that order, so nothing is held
/// but the current row, read through <see cref="RowReader"/> (on SQLite, ids are compared and decimals parsed
/// from the row's bytes: a verification walks every fill of an import). Opened through <see cref="StoredFills"/>.
/// </summary>
public sealed class StoredFillCursor : IDisposable
{
    private readonly RowReader _rows;

    /// <summary>The connection the cursor opened for itself (PostgreSQL), closed with it.</summary>
    private readonly DbConnection? _own;

    private StoredFillCursor(DbConnection connection, DbConnection? own, long botId)
    {
        _own = own;
        // PostgreSQL orders text by its collation unless told to compare bytes.
        var order = connection is SqliteConnection ? "external_id" : "external_id COLLATE \"C\"";
        _rows = RowReader.Open(connection, null, $"SELECT external_id, import_batch_id, quantity, fee FROM fills WHERE bot_id = @bot ORDER BY {order}", ("@bot", botId));
        Next();
    }

    /// <summary>False once every fill of the bot was walked.</summary>
    public bool HasRow { get; private set; }

    /// <summary>The import batch that wrote the current fill; null for a fill recorded by a bot.</summary>
    public long? Batch => _rows.GetInt64OrNull(1);

    public decimal Quantity => _rows.GetDecimal(2);

    public decimal Fee => _rows.GetDecimal(3);

    /// <summary>The current fill's id, as a string: for messages only.</summary>
    public string Id => _rows.GetString(0);

    /// <summary>
    /// A cursor over <paramref name="botId"/>'s fills. On SQLite it runs on <paramref name="shared"/> beside the
    /// other bots' cursors; PostgreSQL serves one query at a time per connection, so it opens its own.
    /// </summary>
    internal static StoredFillCursor Open(TradebookDatabase database, DbConnection shared, long botId)
    {
        if (shared is SqliteConnection)
        {
            return new StoredFillCursor(shared, null, botId);
        }

        var own = database.Open();
        try
        {
            return new StoredFillCursor(own, own, botId);
        }
        catch
        {
            own.Dispose();
            throw;
        }
    }

    /// <summary>The current fill's id against <paramref name="id"/>, in the byte order of their UTF-8.</summary>
    public int CompareTo(string id) => _rows.CompareUtf8(0, id);

    public void Next() => HasRow = _rows.Read();

    public void Dispose()
    {
        _rows.Dispose();
        _own?.Dispose();
    }
}
