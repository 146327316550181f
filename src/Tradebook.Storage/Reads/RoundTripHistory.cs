using System.Data.Common;
using System.Globalization;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;

namespace Tradebook.Storage.Reads;

/// <summary>Which round trips a page holds.</summary>
/// <param name="SortByClose">Newest close first, and only closed round trips; else newest open first.</param>
public sealed record RoundTripQuery(
    string? Bot = null,
    string? Symbol = null,
    BotMode? Mode = null,
    bool? Closed = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    bool SortByClose = false,
    int? Limit = null,
    string? Cursor = null);

/// <summary>A round trip with the fills that made it and the decisions behind them.</summary>
public sealed record RoundTripDetail(TradeRow RoundTrip, IReadOnlyList<FillRow> Fills, IReadOnlyList<DecisionRow> Decisions);

/// <summary>Round trips, newest first, a page at a time.</summary>
public sealed class RoundTripHistory(TradebookDatabase database)
{
    private const string Select = """
        SELECT p.id, b.name, b.mode, i.symbol, p.direction, p.status, p.opened_at, p.closed_at, p.max_quantity, p.realized_pnl, p.fees,
               (SELECT count(*) FROM fills f WHERE f.position_id = p.id)
        FROM positions p
        JOIN bots b ON b.id = p.bot_id
        JOIN instruments i ON i.id = p.instrument_id
        """;

    public Page<TradeRow> Page(ReadScope scope, RoundTripQuery query) =>
        database.Run(connection =>
        {
            var limit = PageCursor.Limit(query.Limit);
            var cursor = PageCursor.Decode(query.Cursor);
            var time = query.SortByClose ? "p.closed_at" : "p.opened_at";
            var conditions = new List<string> { scope.Condition("b") };
            if (query.Bot is not null)
            {
                conditions.Add("b.name = @bot");
            }

            if (query.Symbol is not null)
            {
                conditions.Add("i.symbol = @symbol");
            }

            if (query.Mode is not null)
            {
                conditions.Add("b.mode = @mode");
            }

            if (query.Closed is { } closed)
            {
                conditions.Add(closed ? "p.status = 'closed'" : "p.status = 'open'");
            }

            if (query.SortByClose)
            {
                conditions.Add("p.closed_at IS NOT NULL");
            }

            if (query.From is not null)
            {
                conditions.Add($"{time} >= @from");
            }

            if (query.To is not null)
            {
                conditions.Add($"{time} < @to");
            }

            if (cursor is not null)
            {
                conditions.Add($"({time} < @cursor_at OR ({time} = @cursor_at AND p.id < @cursor_id))");
            }

            using var command = connection.Command(null, $"""
                {Select}
                WHERE {string.Join(" AND ", conditions)}
                ORDER BY {time} DESC, p.id DESC
                LIMIT @limit
                """);
            scope.Bind(command);
            command.Add("@bot", query.Bot);
            command.Add("@symbol", query.Symbol);
            command.Add("@mode", query.Mode?.ToText());
            command.Add("@from", query.From is { } from ? database.Timestamp(from) : null);
            command.Add("@to", query.To is { } to ? database.Timestamp(to) : null);
            command.Add("@cursor_at", cursor is { } c ? database.Timestamp(c.At) : null);
            command.Add("@cursor_id", cursor?.Id);
            command.Add("@limit", limit + 1);
            var rows = Read(command);
            var more = rows.Count > limit;
            var items = more ? rows.GetRange(0, limit) : rows;
            var next = more ? new PageCursor(query.SortByClose ? items[^1].ClosedAt!.Value : items[^1].OpenedAt, items[^1].Id).Encode() : null;
            return new Page<TradeRow>(items, next);
        });

    /// <summary>A round trip, its fills and the decisions behind the orders those fills executed; null when not in scope.</summary>
    public RoundTripDetail? Find(ReadScope scope, long id) =>
        database.Run(connection =>
        {
            using var command = connection.Command(null, $"{Select} WHERE p.id = @id AND {scope.Condition("b")}");
            command.Add("@id", id);
            scope.Bind(command);
            var trip = Read(command).SingleOrDefault();
            if (trip is null)
            {
                return null;
            }

            var fills = Executions.Fills(connection, "f.position_id = @id", c => c.Add("@id", id));
            var decisions = DecisionLog.Read(connection, """
                d.id IN (SELECT o.decision_id FROM fills f JOIN orders o ON o.id = f.order_id WHERE f.position_id = @id AND o.decision_id IS NOT NULL)
                """, c => c.Add("@id", id), "d.ts, d.id");
            return new RoundTripDetail(trip, fills, decisions);
        });

    private static List<TradeRow> Read(DbCommand command)
    {
        var rows = new List<TradeRow>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new TradeRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                TradebookDatabase.ReadTimestamp(reader.GetValue(6)), TradebookDatabase.ReadTimestampOrNull(reader.GetValue(7)),
                reader.GetDecimal(8), reader.GetDecimal(9), reader.GetDecimal(10), Convert.ToInt32(reader.GetValue(11), CultureInfo.InvariantCulture)));
        }

        return rows;
    }
}
