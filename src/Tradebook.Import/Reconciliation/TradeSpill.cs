using System.Globalization;
using Microsoft.Data.Sqlite;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Reconciliation;

/// <summary>
/// The trades a streaming read reported, with the ids of their fills, and what the reconciliation's replay made of
/// each fill, kept in a temporary SQLite file instead of memory: SQLite joins each trade to its fills' results, in
/// the order the source listed the trades, so that the reconciliation holds one trade at a time. Deleted on
/// <see cref="Dispose"/>.
/// </summary>
internal sealed class TradeSpill : IDisposable
{
    private readonly string _folder;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly RowStatement _insertTrade;
    private readonly RowStatement _insertFill;
    private readonly RowStatement _insertResult;

    private TradeSpill()
    {
        _folder = Directory.CreateTempSubdirectory("tradebook-trades-").FullName;
        SqliteBootstrap.EnsureInitialized();
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, "trades.db"), Pooling = false }.ToString());
        _connection.Open();

        // A scratch file, as the fill spill: no journal, no fsync. Figures are text of their own scale.
        using (var create = _connection.Command(null, """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA temp_store = FILE;
            CREATE TABLE trades (
                seq INTEGER PRIMARY KEY, bot TEXT NOT NULL, symbol TEXT NOT NULL, source_ref TEXT NOT NULL,
                opened TEXT NOT NULL, closed TEXT, is_open INTEGER NOT NULL, realized TEXT);
            CREATE TABLE trade_fills (trade INTEGER NOT NULL, pos INTEGER NOT NULL, fill_id TEXT NOT NULL, PRIMARY KEY (trade, pos)) WITHOUT ROWID;
            CREATE TABLE results (
                bot TEXT NOT NULL, id TEXT NOT NULL, realized TEXT NOT NULL, signed TEXT NOT NULL,
                unconverted_fee TEXT NOT NULL, unconverted_currency TEXT, before TEXT NOT NULL, PRIMARY KEY (bot, id)) WITHOUT ROWID;
            """))
        {
            create.ExecuteNonQuery();
        }

        _transaction = _connection.BeginTransaction();
        _insertTrade = RowStatement.Prepare(
            _connection, _transaction,
            "INSERT INTO trades (seq, bot, symbol, source_ref, opened, closed, is_open, realized) VALUES (@seq, @bot, @symbol, @ref, @opened, @closed, @open, @realized)",
            "@seq", "@bot", "@symbol", "@ref", "@opened", "@closed", "@open", "@realized");
        _insertFill = RowStatement.Prepare(_connection, _transaction, "INSERT INTO trade_fills (trade, pos, fill_id) VALUES (@trade, @pos, @id)", "@trade", "@pos", "@id");
        _insertResult = RowStatement.Prepare(
            _connection, _transaction,
            "INSERT INTO results (bot, id, realized, signed, unconverted_fee, unconverted_currency, before) VALUES (@bot, @id, @realized, @signed, @fee, @currency, @before) ON CONFLICT DO NOTHING",
            "@bot", "@id", "@realized", "@signed", "@fee", "@currency", "@before");
    }

    /// <summary>How many trades are kept.</summary>
    public int Count { get; private set; }

    /// <summary>The most decimal places any stored figure has (trailing zeros aside); 28 when none is stored.</summary>
    public int StoredPlaces { get; private set; } = -1;

    public static TradeSpill Create() => new();

    public void Add(ReportedTrade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        _insertTrade.Set(0, (long)Count);
        _insertTrade.Set(1, trade.Bot);
        _insertTrade.Set(2, trade.Symbol);
        _insertTrade.Set(3, trade.SourceRef);
        _insertTrade.Set(4, trade.OpenedAt.ToString("O", CultureInfo.InvariantCulture));
        _insertTrade.Set(5, trade.ClosedAt?.ToString("O", CultureInfo.InvariantCulture));
        _insertTrade.Set(6, trade.IsOpen ? 1L : 0L);
        _insertTrade.Set(7, trade.RealizedPnl is { } stored ? Text(stored) : null);
        _insertTrade.ExecuteNonQuery();
        for (var i = 0; i < trade.FillIds.Count; i++)
        {
            _insertFill.Set(0, (long)Count);
            _insertFill.Set(1, (long)i);
            _insertFill.Set(2, trade.FillIds[i]);
            _insertFill.ExecuteNonQuery();
        }

        if (trade.RealizedPnl is { } figure)
        {
            StoredPlaces = Math.Max(StoredPlaces, Reconciler.PlacesOf(figure));
        }

        Count++;
    }

    /// <summary>Keeps what the replay made of the fill <paramref name="id"/> of <paramref name="bot"/>.</summary>
    public void AddResult(string bot, string id, FillResult result)
    {
        _insertResult.Set(0, bot);
        _insertResult.Set(1, id);
        _insertResult.Set(2, Text(result.Realized));
        _insertResult.Set(3, Text(result.SignedQuantity));
        _insertResult.Set(4, Text(result.UnconvertedFee));
        _insertResult.Set(5, result.UnconvertedCurrency);
        _insertResult.Set(6, Text(result.QuantityBefore));
        _insertResult.ExecuteNonQuery();
    }

    /// <summary>
    /// Each trade in the order it was added, with the result of each of its fills in the order it listed them
    /// (null for a fill the replay did not take).
    /// </summary>
    public IEnumerable<(ReportedTrade Trade, IReadOnlyList<FillResult?> Results)> WithResults()
    {
        using var command = _connection.Command(_transaction, """
            SELECT t.seq, t.bot, t.symbol, t.source_ref, t.opened, t.closed, t.is_open, t.realized,
                   f.fill_id, r.realized, r.signed, r.unconverted_fee, r.unconverted_currency, r.before
            FROM trades t
            LEFT JOIN trade_fills f ON f.trade = t.seq
            LEFT JOIN results r ON r.bot = t.bot AND r.id = f.fill_id
            ORDER BY t.seq, f.pos
            """);
        using var reader = command.ExecuteReader();
        ReportedTrade? trade = null;
        long seq = -1;
        var ids = new List<string>();
        var results = new List<FillResult?>();
        while (reader.Read())
        {
            if (reader.GetInt64(0) != seq)
            {
                if (trade is not null)
                {
                    yield return (trade with { FillIds = ids }, results);
                }

                seq = reader.GetInt64(0);
                (ids, results) = ([], []);
                trade = new ReportedTrade(
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    Time(reader.GetString(4)),
                    reader.IsDBNull(5) ? null : Time(reader.GetString(5)),
                    reader.GetInt64(6) != 0,
                    reader.IsDBNull(7) ? null : Decimal(reader.GetString(7)),
                    []);
            }

            if (reader.IsDBNull(8))
            {
                continue;
            }

            ids.Add(reader.GetString(8));
            results.Add(reader.IsDBNull(9)
                ? null
                : new FillResult(Decimal(reader.GetString(9)), Decimal(reader.GetString(10)), Decimal(reader.GetString(11)), reader.IsDBNull(12) ? null : reader.GetString(12), Decimal(reader.GetString(13))));
        }

        if (trade is not null)
        {
            yield return (trade with { FillIds = ids }, results);
        }
    }

    public void Dispose()
    {
        _insertTrade.Dispose();
        _insertFill.Dispose();
        _insertResult.Dispose();
        _transaction.Dispose();
        _connection.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static decimal Decimal(string text) => decimal.Parse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(string text) => DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture);
}
