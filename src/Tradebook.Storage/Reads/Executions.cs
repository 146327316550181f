using System.Data.Common;
using System.Globalization;
using Tradebook.Core;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Access;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Reads;

/// <summary>
/// A fill as stored, with the P&amp;L it realized and the round trip it belongs to; its order as the bot names it
/// (<paramref name="OrderId"/>, once recorded) and as the exchange does (<paramref name="ExchangeOrderId"/>, the
/// fill's own or its order's). Its realized P&amp;L is null when its product's P&amp;L cannot be known, and
/// <paramref name="PnlUnknown"/> says why; its price and fee are the source's, shown as given.
/// </summary>
public sealed record FillRow(long Id, string Bot, string ExternalId, string Symbol, Side Side, decimal Quantity, decimal Price, decimal Fee, string? FeeCurrency, DateTimeOffset Timestamp, string? OrderId, string? ExchangeOrderId, long? RoundTripId, decimal? RealizedPnl, UnknownPnl? PnlUnknown = null);

/// <summary>
/// An order as stored, with the decision it came from and what its recorded fills executed of it: their quantity,
/// count and volume-weighted price (null while it has none).
/// </summary>
public sealed record OrderRow(
    long Id, string Bot, string ClientOrderId, string? ExchangeOrderId, string Symbol, Side Side, string Type, decimal Quantity, decimal? Price, string Status,
    DateTimeOffset Timestamp, string? DecisionId, decimal FilledQuantity = 0, decimal? AveragePrice = null, int Fills = 0);

/// <summary>A signal as stored.</summary>
public sealed record SignalRow(long Id, string Bot, string ExternalId, string? Symbol, DateTimeOffset Timestamp, string Signal, decimal? Strength, decimal? Price);

/// <summary>
/// Which rows a page of fills, orders or signals holds, newest first. <paramref name="Order"/> (fills only) keeps the
/// fills of one order of <paramref name="Bot"/>, named by the bot's id or the exchange's.
/// </summary>
public sealed record ExecutionQuery(
    string? Bot = null, string? Symbol = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int? Limit = null, string? Cursor = null, string? Order = null);

/// <summary>Fills, orders and signals, newest first, a page at a time.</summary>
public sealed class Executions(TradebookDatabase database)
{
    private const string FillColumns = """
        f.id, b.name, f.external_id, i.symbol, f.side, f.quantity, f.price, f.fee, f.fee_currency, f.ts, o.client_order_id, f.position_id, f.realized_pnl,
        COALESCE(r.unpriced_fills, 0), COALESCE(f.exchange_order_id, o.exchange_order_id)
        FROM fills f
        JOIN bots b ON b.id = f.bot_id
        JOIN instruments i ON i.id = f.instrument_id
        LEFT JOIN orders o ON o.id = f.order_id
        LEFT JOIN product_rollups r ON r.bot_id = f.bot_id AND r.instrument_id = f.instrument_id
        """;

    private const string OrderColumns = """
        o.id, b.name, o.client_order_id, i.symbol, o.side, o.type, o.quantity, o.price, o.status, o.ts, d.external_id, o.exchange_order_id
        FROM orders o
        JOIN bots b ON b.id = o.bot_id
        JOIN instruments i ON i.id = o.instrument_id
        LEFT JOIN decisions d ON d.id = o.decision_id
        """;

    private const string SignalColumns = """
        s.id, b.name, s.external_id, i.symbol, s.ts, s.signal, s.strength, s.price
        FROM signals s
        JOIN bots b ON b.id = s.bot_id
        LEFT JOIN instruments i ON i.id = s.instrument_id
        """;

    public Page<FillRow> FillPage(CallerScope scope, ExecutionQuery query) =>
        database.Read(connection =>
        {
            // A product's fills are in time order in the index the ledger replays them through, so a page of
            // a bot's or of every bot's fills takes the newest (time, id) keys of each product from that index,
            // keeps the page's newest of them, and reads those rows alone. Fills need no index of their own
            // for it: one more would cost every write.
            var cursor = PageCursor.Decode(query.Cursor);
            var limit = PageCursor.Limit(query.Limit);
            scope.RequireBot(connection, query.Bot);
            if (query.Order is not null)
            {
                return PageSql.Cut(OrderFills(connection, query, cursor, limit + 1), limit, r => (r.Timestamp, r.Id));
            }

            var keys = PageSql.Newest(Products(connection, scope, query).SelectMany(p => FillKeys(connection, p, query, cursor, limit + 1)), limit + 1, k => k);
            // The ids are integers the database gave: written into the statement, they need no parameter each.
            var ids = string.Join(", ", keys.Select(k => k.Id.ToString(CultureInfo.InvariantCulture)));
            var rows = keys.Count == 0 ? [] : Query(connection, $"SELECT {FillColumns} WHERE f.id IN ({ids}) ORDER BY f.ts DESC, f.id DESC", _ => { }, ReadFill);
            return PageSql.Cut(rows, limit, r => (r.Timestamp, r.Id));
        });

    /// <summary>
    /// The newest <paramref name="count"/> fills after the cursor of one order of the bot (in scope already), named by
    /// the bot's id or the exchange's: those that execute it, through the index of fills by order, and those still
    /// waiting for it to be recorded, through theirs.
    /// </summary>
    private List<FillRow> OrderFills(DbConnection connection, ExecutionQuery query, PageCursor? cursor, int count)
    {
        var bot = query.Bot is { } name ? Storage.Ledger.Bots.Find(connection, null, name)!.Id
            : throw new TradebookException(ErrorCode.InvalidInput, "order names one bot's order: give bot too");
        List<FillRow> Read(string condition) => Newest(
            connection,
            new PageSql(database, CallerScope.LocalOwner)
                .Where(condition, "@order", query.Order)
                .Where("f.bot_id = @bot_id", "@bot_id", bot)
                .Where("i.symbol = @symbol", "@symbol", query.Symbol),
            query,
            cursor,
            count,
            FillColumns,
            ReadFill);

        return PageSql.Newest(
            Read("f.order_id IS NOT NULL AND f.order_id IN (SELECT id FROM orders WHERE bot_id = @bot_id AND (client_order_id = @order OR exchange_order_id = @order))")
                .Concat(Read("f.exchange_order_id = @order AND f.order_id IS NULL")),
            count,
            r => (r.Timestamp, r.Id));
    }

    /// <summary>The (time, id) of a product's newest <paramref name="count"/> fills after the cursor, from its index alone.</summary>
    private List<(DateTimeOffset At, long Id)> FillKeys(DbConnection connection, (long Bot, long Instrument) product, ExecutionQuery query, PageCursor? cursor, int count)
    {
        // The products are in the caller's scope already.
        var where = new PageSql(database, CallerScope.LocalOwner)
            .Where("f.bot_id = @bot_id", "@bot_id", product.Bot)
            .Where("f.instrument_id = @instrument_id", "@instrument_id", product.Instrument);
        return Newest(connection, where, query, cursor, count, "f.ts, f.id FROM fills f", r => (StoredTime.Read(r.GetValue(0)), r.GetInt64(1)));
    }

    /// <summary>
    /// The newest <paramref name="count"/> fills <paramref name="where"/> keeps within the query's times and after the
    /// cursor, newest first, read as <paramref name="columns"/> (with their FROM) say.
    /// </summary>
    private static List<T> Newest<T>(DbConnection connection, PageSql where, ExecutionQuery query, PageCursor? cursor, int count, string columns, Func<DbDataReader, T> read)
    {
        where.Where("f.ts >= @from", "@from", query.From)
            .Where("f.ts < @to", "@to", query.To)
            .After(cursor, "f.ts", "f.id");
        return Query(connection, $"SELECT {columns} WHERE {where.Sql} ORDER BY f.ts DESC, f.id DESC LIMIT @limit", command =>
        {
            where.Bind(command);
            command.Add("@limit", count);
        }, read);
    }

    public Page<OrderRow> OrderPage(CallerScope scope, ExecutionQuery query) => Paged(scope, query, "o", OrderColumns, ReadOrder, r => (r.Timestamp, r.Id), WithFills);

    public Page<SignalRow> SignalPage(CallerScope scope, ExecutionQuery query) => Paged(scope, query, "s", SignalColumns, ReadSignal, r => (r.Timestamp, r.Id));

    internal static List<FillRow> Fills(DbConnection connection, string condition, Action<DbCommand> bind) =>
        Query(connection, $"SELECT {FillColumns} WHERE {condition} ORDER BY f.ts, f.id", bind, ReadFill);

    internal static List<OrderRow> Orders(DbConnection connection, string condition, Action<DbCommand> bind) =>
        WithFills(connection, Query(connection, $"SELECT {OrderColumns} WHERE {condition} ORDER BY o.ts, o.id", bind, ReadOrder));

    /// <summary>
    /// <paramref name="orders"/> with what their fills executed, read through the index of fills by order and added up
    /// in decimal (SQLite would add its text amounts as binary floats).
    /// </summary>
    private static List<OrderRow> WithFills(DbConnection connection, List<OrderRow> orders)
    {
        if (orders.Count == 0)
        {
            return orders;
        }

        // The ids are integers the database gave: written into the statement, they need no parameter each.
        var ids = string.Join(", ", orders.Select(o => o.Id.ToString(CultureInfo.InvariantCulture)));
        var executed = new Dictionary<long, (decimal Quantity, decimal Notional, int Fills)>();
        foreach (var (order, quantity, price) in Query(connection, $"SELECT order_id, quantity, price FROM fills WHERE order_id IN ({ids})", _ => { }, r => (r.GetInt64(0), r.GetDecimal(1), r.GetDecimal(2))))
        {
            var sum = executed.GetValueOrDefault(order);
            executed[order] = (sum.Quantity + quantity, sum.Notional + (quantity * price), sum.Fills + 1);
        }

        return [.. orders.Select(o => executed.TryGetValue(o.Id, out var e) ? o with { FilledQuantity = e.Quantity, AveragePrice = e.Notional / e.Quantity, Fills = e.Fills } : o)];
    }

    internal static List<SignalRow> Signals(DbConnection connection, string condition, Action<DbCommand> bind) =>
        Query(connection, $"SELECT {SignalColumns} WHERE {condition} ORDER BY s.ts, s.id", bind, ReadSignal);

    private Page<T> Paged<T>(CallerScope scope, ExecutionQuery query, string alias, string columns, Func<DbDataReader, T> read, Func<T, (DateTimeOffset At, long Id)> key, Func<DbConnection, List<T>, List<T>>? complete = null) =>
        database.Read(connection =>
        {
            var page = PageSql.OfBots(connection, database, scope, query, alias, columns, read, key);
            return complete is null ? page : page with { Items = complete(connection, [.. page.Items]) };
        });

    /// <summary>The products in scope, of the bot and symbol asked for when they are: each bot's instruments that took a fill.</summary>
    private List<(long Bot, long Instrument)> Products(DbConnection connection, CallerScope scope, ExecutionQuery query)
    {
        var where = new PageSql(database, scope)
            .Where("b.name = @bot", "@bot", query.Bot)
            .Where("i.symbol = @symbol", "@symbol", query.Symbol);
        using var command = connection.Command(null, $"""
            SELECT r.bot_id, r.instrument_id
            FROM product_rollups r
            JOIN bots b ON b.id = r.bot_id
            JOIN instruments i ON i.id = r.instrument_id
            WHERE {where.Sql}
            """);
        where.Bind(command);
        return command.Rows(r => (r.GetInt64(0), r.GetInt64(1)));
    }

    private static List<T> Query<T>(DbConnection connection, string sql, Action<DbCommand> bind, Func<DbDataReader, T> read)
    {
        using var command = connection.Command(null, sql);
        bind(command);
        return command.Rows(read);
    }

    // The product's count of fills at price 0 decides, through Core, whether the fill's realized P&L can be shown.
    private static FillRow ReadFill(DbDataReader r)
    {
        var unknown = UnknownPnl.Of(Convert.ToInt32(r.GetValue(13), CultureInfo.InvariantCulture));
        return new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), EnumText.Parse<Side>(r.GetString(4)), r.GetDecimal(5), r.GetDecimal(6), r.GetDecimal(7), r.GetStringOrNull(8),
            StoredTime.Read(r.GetValue(9)), r.GetStringOrNull(10), r.GetStringOrNull(14), r.GetInt64OrNull(11), UnknownPnl.Known(r.GetDecimal(12), unknown), unknown);
    }

    private static OrderRow ReadOrder(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetStringOrNull(11), r.GetString(3), EnumText.Parse<Side>(r.GetString(4)), r.GetString(5), r.GetDecimal(6), r.GetDecimalOrNull(7),
            r.GetString(8), StoredTime.Read(r.GetValue(9)), r.GetStringOrNull(10));

    private static SignalRow ReadSignal(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetStringOrNull(3), StoredTime.Read(r.GetValue(4)), r.GetString(5), r.GetDecimalOrNull(6), r.GetDecimalOrNull(7));
}
