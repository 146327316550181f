using System.Data.Common;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Reads;

/// <summary>
/// A bot's latest orders that say they are filled while no fill executes them: their trades were never
/// recorded, so the bot's P&amp;L, which counts fills, leaves them out. A bot that records what ccxt's
/// <c>create_order()</c> returned, and not its trades, showed no trade at all and a P&amp;L of 0 with no word why.
/// </summary>
internal static class UnexecutedOrders
{
    /// <summary>
    /// How many of the bot's orders, newest first, are looked at: the card is read on every screen's refresh, so
    /// the cost is the same for a bot of ten orders and one of a million, and what it finds is what goes wrong now.
    /// </summary>
    public const int Latest = 20;

    /// <summary>
    /// How long an order may stay filled without a fill before it is named: a bot posts the order, then fetches
    /// its trades and posts them.
    /// </summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The statuses, in lower case, that say an order was filled: Tradebook's own, ccxt's and freqtrade's
    /// (<c>closed</c>), and hummingbot's. A bot sends its exchange's words (<c>FILLED</c> on Binance).
    /// </summary>
    private static readonly string[] FilledStatuses = [OrderStatus.Filled.ToText(), "closed", "buyordercompleted", "sellordercompleted"];

    /// <summary>
    /// The bot's ids of its latest orders filled before <paramref name="settledBy"/> (or recorded so, or changed
    /// to filled, before it) that no fill executes, newest first.
    /// </summary>
    public static List<string> Of(DbConnection connection, TradebookDatabase database, long botId, DateTimeOffset settledBy)
    {
        using var command = connection.Command(null, $"""
            SELECT o.client_order_id
            FROM (SELECT id, client_order_id, status, recorded_at, changed_at, ts
                  FROM orders
                  WHERE bot_id = @bot
                  ORDER BY ts DESC, id DESC
                  LIMIT {Latest}) o
            WHERE lower(o.status) IN ({string.Join(", ", FilledStatuses.Select((_, i) => $"@filled{i}"))})
              AND COALESCE(o.changed_at, o.recorded_at) <= @settled
              AND NOT EXISTS (SELECT 1 FROM fills f WHERE f.order_id = o.id)
            ORDER BY o.ts DESC, o.id DESC
            """);
        command.Add("@bot", botId);
        for (var i = 0; i < FilledStatuses.Length; i++)
        {
            command.Add($"@filled{i}", FilledStatuses[i]);
        }

        command.Add("@settled", database.Timestamp(settledBy));
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>The warning a bot's card gives of <paramref name="ids"/>; null when there are none.</summary>
    public static string? Warning(IReadOnlyList<string> ids)
    {
        const int Named = 3;
        if (ids.Count == 0)
        {
            return null;
        }

        var named = string.Join(", ", ids.Take(Named)) + (ids.Count > Named ? $" and {ids.Count - Named} more" : string.Empty);
        return $"{ids.Count} of its latest filled orders {(ids.Count == 1 ? "has" : "have")} no fill ({named}): its P&L counts fills, so their trades are missing; record each order's trades as fills (with ccxt, what fetch_my_trades() returns)";
    }
}
