using System.Data.Common;
using Tradebook.Storage.Access;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Reads;

/// <summary>
/// The WHERE clause of one page of a list, newest first: the caller's scope, the filters that were
/// given, and the place after the previous page's last (time, id). Each condition carries its own
/// parameter, so that only what the SQL names is bound.
/// </summary>
internal sealed class PageSql
{
    private readonly TradebookDatabase _database;
    private readonly CallerScope _scope;
    private readonly List<string> _conditions;
    private readonly List<(string Name, object? Value)> _parameters = [];

    public PageSql(TradebookDatabase database, CallerScope scope, string bots = "b")
    {
        _database = database;
        _scope = scope;
        _conditions = [scope.Condition(bots)];
    }

    /// <summary>Adds <paramref name="condition"/> when <paramref name="value"/> is given; times are bound as the engine stores them.</summary>
    public PageSql Where(string condition, string parameter, object? value)
    {
        if (value is not null)
        {
            _conditions.Add(condition);
            _parameters.Add((parameter, value is DateTimeOffset time ? _database.Timestamp(time) : value));
        }

        return this;
    }

    /// <summary>Adds a condition that needs no parameter.</summary>
    public PageSql Where(string condition)
    {
        _conditions.Add(condition);
        return this;
    }

    /// <summary>Rows after the previous page's last, in (<paramref name="time"/> DESC, <paramref name="id"/> DESC) order.</summary>
    public PageSql After(PageCursor? cursor, string time, string id)
    {
        if (cursor is { } c)
        {
            _conditions.Add($"({time} < @cursor_at OR ({time} = @cursor_at AND {id} < @cursor_id))");
            _parameters.Add(("@cursor_at", _database.Timestamp(c.At)));
            _parameters.Add(("@cursor_id", c.Id));
        }

        return this;
    }

    public string Sql => string.Join(" AND ", _conditions);

    public void Bind(DbCommand command)
    {
        _scope.Bind(command);
        foreach (var (name, value) in _parameters)
        {
            command.Add(name, value);
        }
    }

    /// <summary>
    /// A page newest first, read through each bot's (bot, time) index. With a bot named, <paramref name="read"/>
    /// runs once (its query filters by the name). With none, it runs once per bot in <paramref name="scope"/>,
    /// given the bot's id to filter by, and the pages are merged: one query over every bot would sort all of
    /// their rows for each page, since no index holds every bot's rows in time order.
    /// </summary>
    public static Page<T> PerBot<T>(DbConnection connection, CallerScope scope, string? bot, int limit, Func<long?, List<T>> read, Func<T, (DateTimeOffset At, long Id)> key)
    {
        scope.RequireBot(connection, bot);
        return bot is not null
            ? Cut(read(null), limit, key)
            : Cut(Newest(BotIds(connection, scope).SelectMany(id => read(id)), limit + 1, key), limit, key);
    }

    /// <summary>
    /// A page of one table's rows, newest first by (time, id): <paramref name="alias"/> names the table in
    /// <paramref name="columns"/> (the columns read, then their FROM, with the bots as <c>b</c> and, where the query
    /// names a product, the instruments as <c>i</c>). Read per bot through its (bot, time) index (<see cref="PerBot"/>).
    /// </summary>
    public static Page<T> OfBots<T>(
        DbConnection connection, TradebookDatabase database, CallerScope scope, ExecutionQuery query, string alias, string columns, Func<DbDataReader, T> read,
        Func<T, (DateTimeOffset At, long Id)> key)
    {
        // Decoded before any query, so that a bad cursor is refused whether or not there are bots to read.
        var cursor = PageCursor.Decode(query.Cursor);
        var limit = PageCursor.Limit(query.Limit);
        return PerBot(connection, scope, query.Bot, limit, botId =>
        {
            var where = new PageSql(database, scope)
                .Where("b.name = @bot", "@bot", query.Bot)
                .Where($"{alias}.bot_id = @bot_id", "@bot_id", botId)
                .Where("i.symbol = @symbol", "@symbol", query.Symbol)
                .Where($"{alias}.ts >= @from", "@from", query.From)
                .Where($"{alias}.ts < @to", "@to", query.To)
                .After(cursor, $"{alias}.ts", $"{alias}.id");
            using var command = connection.Command(null, $"SELECT {columns} WHERE {where.Sql} ORDER BY {alias}.ts DESC, {alias}.id DESC LIMIT @limit");
            where.Bind(command);
            command.Add("@limit", limit + 1);
            return command.Rows(read);
        }, key);
    }

    /// <summary>The <paramref name="count"/> newest of <paramref name="rows"/>, newest first.</summary>
    public static List<T> Newest<T>(IEnumerable<T> rows, int count, Func<T, (DateTimeOffset At, long Id)> key)
    {
        var sorted = rows.ToList();
        sorted.Sort((a, b) => Newest(key(a), key(b)));
        return sorted.Count > count ? sorted.GetRange(0, count) : sorted;
    }

    private static int Newest((DateTimeOffset At, long Id) a, (DateTimeOffset At, long Id) b) =>
        b.At != a.At ? b.At.CompareTo(a.At) : b.Id.CompareTo(a.Id);

    private static List<long> BotIds(DbConnection connection, CallerScope scope)
    {
        using var command = connection.Command(null, $"SELECT b.id FROM bots b WHERE {scope.Condition("b")}");
        scope.Bind(command);
        return command.Rows(r => r.GetInt64(0));
    }

    /// <summary>One row more than a page is read, to tell whether another page follows.</summary>
    public static Page<T> Cut<T>(List<T> rows, int limit, Func<T, (DateTimeOffset At, long Id)> key)
    {
        if (rows.Count <= limit)
        {
            return new Page<T>(rows, null);
        }

        var items = rows.GetRange(0, limit);
        var (at, id) = key(items[^1]);
        return new Page<T>(items, new PageCursor(at, id).Encode());
    }
}
