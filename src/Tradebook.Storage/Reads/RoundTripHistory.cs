using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Access;
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
    public Page<TradeRow> Page(CallerScope scope, RoundTripQuery query) =>
        database.Run(connection =>
        {
            // Decoded before any query, so that a bad cursor is refused whether or not there are bots to read.
            var cursor = PageCursor.Decode(query.Cursor);
            var limit = PageCursor.Limit(query.Limit);
            var time = query.SortByClose ? "p.closed_at" : "p.opened_at";
            return PageSql.PerBot(connection, scope, query.Bot, limit, botId =>
            {
                var where = new PageSql(database, scope)
                    .Where("b.name = @bot", "@bot", query.Bot)
                    .Where("p.bot_id = @bot_id", "@bot_id", botId)
                    .Where("i.symbol = @symbol", "@symbol", query.Symbol)
                    .Where("b.mode = @mode", "@mode", query.Mode?.ToText())
                    .Where("p.status = @status", "@status", query.Closed is { } closed ? (closed ? PositionStatus.Closed : PositionStatus.Open).ToText() : null)
                    .Where($"{time} >= @from", "@from", query.From)
                    .Where($"{time} < @to", "@to", query.To)
                    .After(cursor, time, "p.id");
                if (query.SortByClose)
                {
                    where.Where("p.closed_at IS NOT NULL");
                }

                using var command = connection.Command(null, $"""
                    {RoundTripRows.Select}
                    WHERE {where.Sql}
                    ORDER BY {time} DESC, p.id DESC
                    LIMIT @limit
                    """);
                where.Bind(command);
                command.Add("@limit", limit + 1);
                return RoundTripRows.Read(command);
            }, r => (query.SortByClose ? r.ClosedAt!.Value : r.OpenedAt, r.Id));
        });

    /// <summary>A round trip, its fills and the decisions behind the orders those fills executed; null when not in scope.</summary>
    public RoundTripDetail? Find(CallerScope scope, long id) =>
        database.Run(connection =>
        {
            using var command = connection.Command(null, $"{RoundTripRows.Select} WHERE p.id = @id AND {scope.Condition("b")}");
            command.Add("@id", id);
            scope.Bind(command);
            var trip = RoundTripRows.Read(command).SingleOrDefault();
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
}
