using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Tradebook.Core.Domain;
using Tradebook.Import.Sources;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Imports;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Writing;

/// <summary>
/// Every fill a streaming read accepted, kept in a temporary SQLite file instead of memory, keyed by id:
/// it finds a repeated id without a set of every key, gives the verification the source's fills in key
/// order, and serves the rare second looks of the source checks. A source of any size costs SQLite's page
/// cache here, not memory per row. The file is deleted on <see cref="Dispose"/>.
/// </summary>
public sealed class FillSpill : IDisposable
{
    private const string Columns = "id, bot, symbol, side, quantity, price, fee, fee_currency, fee_rate, ticks, offset_minutes, order_id, source, source_ref, seq";

    private readonly string _folder;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly RowStatement _insert;
    private readonly RowStatement _insertOrder;
    private readonly RowStatement _findOrder;
    private readonly HashSet<string> _bots = new(StringComparer.Ordinal);

    private FillSpill()
    {
        _folder = Directory.CreateTempSubdirectory("tradebook-import-").FullName;
        SqliteBootstrap.EnsureInitialized();
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "fills.db"), Pooling = false }.ToString());
        _connection.Open();

        // A scratch file: nothing in it must survive a crash, so no journal and no fsync; a 16 MiB page cache
        // keeps the end of the key index in memory, where keys that start with a time are appended.
        using (var create = _connection.Command(null, $"""
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA cache_size = -16384;
            PRAGMA temp_store = FILE;
            CREATE TABLE spilled_fills (
                id TEXT NOT NULL PRIMARY KEY, bot TEXT NOT NULL, symbol TEXT NOT NULL, side INTEGER NOT NULL,
                quantity TEXT NOT NULL, price TEXT NOT NULL, fee TEXT NOT NULL, fee_currency TEXT, fee_rate TEXT,
                ticks INTEGER NOT NULL, offset_minutes INTEGER NOT NULL, order_id TEXT, source TEXT, source_ref TEXT,
                seq INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE spilled_orders (bot TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (bot, id)) WITHOUT ROWID;
            """))
        {
            create.ExecuteNonQuery();
        }

        _transaction = _connection.BeginTransaction();
        _insert = RowStatement.Prepare(
            _connection,
            _transaction,
            $"INSERT INTO spilled_fills ({Columns}) VALUES (@id, @bot, @symbol, @side, @quantity, @price, @fee, @fee_currency, @fee_rate, @ticks, @offset, @order_id, @source, @source_ref, @seq) ON CONFLICT (id) DO NOTHING",
            "@id", "@bot", "@symbol", "@side", "@quantity", "@price", "@fee", "@fee_currency", "@fee_rate", "@ticks", "@offset", "@order_id", "@source", "@source_ref", "@seq");
        _insertOrder = RowStatement.Prepare(_connection, _transaction, "INSERT INTO spilled_orders (bot, id) VALUES (@bot, @id) ON CONFLICT DO NOTHING", "@bot", "@id");
        _findOrder = RowStatement.Prepare(_connection, _transaction, "SELECT 1 FROM spilled_orders WHERE bot = @bot AND id = @id", "@bot", "@id");
    }

    /// <summary>How many fills are kept.</summary>
    public int Count { get; private set; }

    /// <summary>The bots of the fills kept.</summary>
    public IReadOnlyCollection<string> Bots => _bots;

    public static FillSpill Create() => new();

    /// <summary>
    /// Keeps <paramref name="fill"/> unless a fill of the same id is kept already, whatever its bot; returns
    /// that earlier fill then, and null when <paramref name="fill"/> was kept.
    /// </summary>
    public FillRecord? AddFirst(FillRecord fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        _insert.Set(0, fill.Id);
        _insert.Set(1, fill.Bot);
        _insert.Set(2, fill.Symbol);
        _insert.Set(3, (long)fill.Side);
        // As text of their own scale (1.50 stays 1.50), so that figures computed from the fills read back are
        // written as those computed from the fills read: a bound decimal would lose its trailing zeros.
        _insert.Set(4, Text(fill.Quantity));
        _insert.Set(5, Text(fill.Price));
        _insert.Set(6, Text(fill.Fee));
        _insert.Set(7, fill.FeeCurrency);
        _insert.Set(8, fill.FeeRate is { } rate ? Text(rate) : null);
        _insert.Set(9, fill.Timestamp.UtcTicks);
        _insert.Set(10, (long)fill.Timestamp.Offset.TotalMinutes);
        _insert.Set(11, fill.OrderId);
        _insert.Set(12, fill.Provenance?.Source);
        _insert.Set(13, fill.Provenance?.SourceRef);
        _insert.Set(14, (long)Count);
        if (_insert.ExecuteNonQuery() == 1)
        {
            Count++;
            _bots.Add(fill.Bot);
            return null;
        }

        return Where("id = @id", ("@id", fill.Id)).Single();
    }

    /// <summary>Notes that the order <paramref name="id"/> of <paramref name="bot"/> went to the store with a run, ahead of the fills that name it.</summary>
    public void AddOrder(string bot, string id)
    {
        _insertOrder.Set(0, bot);
        _insertOrder.Set(1, id);
        _insertOrder.ExecuteNonQuery();
    }

    /// <summary>True when an order of that bot and id went to the store with a run.</summary>
    public bool HasOrder(string bot, string id)
    {
        _findOrder.Set(0, bot);
        _findOrder.Set(1, id);
        return _findOrder.ExecuteInt64OrNull() is not null;
    }

    /// <summary>Every fill, product by product (bot, then symbol), each product's in market order (time, then id).</summary>
    internal IEnumerable<FillRecord> ByProductInMarketOrder() => Where("1 = 1 ORDER BY bot, symbol, ticks, id");

    /// <summary>Bot, id, symbol, quantity and fee of every fill, in the byte order of the ids' UTF-8 (<see cref="Utf8Order"/>).</summary>
    internal IEnumerable<SourceFill> InIdOrder()
    {
        using var rows = new SqliteRows(_connection, "SELECT bot, id, symbol, quantity, fee FROM spilled_fills ORDER BY id");
        while (rows.Read())
        {
            yield return new SourceFill(rows.String(0), rows.String(1), rows.String(2), Decimal(rows.Utf8(3)), Decimal(rows.Utf8(4)));
        }
    }

    /// <summary>The fills of one bot and symbol, in the order the source listed them or in market order (time, then id).</summary>
    internal IEnumerable<FillRecord> OfProduct(string bot, string symbol, bool marketOrder) =>
        Where($"bot = @bot AND symbol = @symbol ORDER BY {(marketOrder ? "ticks, id" : "seq")}", ("@bot", bot), ("@symbol", symbol));

    public void Dispose()
    {
        _insert.Dispose();
        _insertOrder.Dispose();
        _findOrder.Dispose();
        _transaction.Dispose();
        _connection.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private IEnumerable<FillRecord> Where(string condition, params (string Name, string Value)[] parameters)
    {
        using var command = _connection.Command(_transaction, $"SELECT {Columns} FROM spilled_fills WHERE {condition}");
        foreach (var (name, value) in parameters)
        {
            command.Add(name, value);
        }

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
            yield return new FillRecord(
                reader.GetString(1),
                reader.GetString(0),
                reader.GetString(2),
                (Side)reader.GetInt64(3),
                reader.GetDecimal(4),
                reader.GetDecimal(5),
                reader.GetDecimal(6),
                Text(7),
                new DateTimeOffset(reader.GetInt64(9), TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(reader.GetInt64(10))),
                Text(11),
                reader.IsDBNull(8) ? null : reader.GetDecimal(8),
                reader.IsDBNull(12) && reader.IsDBNull(13) ? null : new Provenance(Text(12), Text(13)));
        }
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static decimal Decimal(ReadOnlySpan<byte> utf8) =>
        decimal.Parse(utf8, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
}

/// <summary>What the verification needs of one source fill.</summary>
internal readonly record struct SourceFill(string Bot, string Id, string Symbol, decimal Quantity, decimal Fee);
