using System.Data.Common;
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
        database.Read(connection =>
        {
            // Decoded before any query, so that a bad cursor is refused whether or not there are bots to read.
            var cursor = PageCursor.Decode(query.Cursor);
            var limit = PageCursor.Limit(query.Limit);
            var time = query.SortByClose ? "p.closed_at" : "p.opened_at";
            return PageSql.PerBot(connection, scope, query.Bot, limit, botId =>
            {
                var where = new PageSql(database, scope);
                if (query.Closed == false)
                {
                    // A product has one open round trip at most, and its rollup names it: the open ones are read by
                    // id from there, and the ids carry the bot. Given the bot and the status instead, SQLite's planner
                    // walked every round trip of the bot for the few still open (27,000 for 10 open, 45 ms).
                    var open = OpenIds(connection, botId, query.Bot);
                    if (open.Count == 0)
                    {
                        return [];
                    }

                    where.Where($"p.id IN ({string.Join(", ", open)})");
                }
                else
                {
                    where.Where("b.name = @bot", "@bot", query.Bot).Where("p.bot_id = @bot_id", "@bot_id", botId);
                }

                where
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

    private static List<long> OpenIds(DbConnection connection, long? botId, string? bot)
    {
        using var command = connection.Command(null, $"""
            SELECT r.open_position_id FROM product_rollups r
            WHERE r.open_position_id IS NOT NULL
              AND r.bot_id = {(botId is null ? "(SELECT id FROM bots WHERE name = @bot)" : "@bot_id")}
            """);
        if (botId is { } id)
        {
            command.Add("@bot_id", id);
        }
        else
        {
            command.Add("@bot", bot);
        }

        return command.Rows(r => r.GetInt64(0));
    }

    /// <summary>A round trip, its fills and the decisions behind the orders those fills executed; null when not in scope.</summary>
    public RoundTripDetail? Find(CallerScope scope, long id) =>
        database.Read(connection =>
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
