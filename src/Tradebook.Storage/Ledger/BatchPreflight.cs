using System.Data.Common;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Checks a batch, without writing, for what the ledger would otherwise find only while recording it:
/// a bot that is not added, a fill naming an order recorded nowhere, one fill id given twice with other
/// values. A caller that records one input in several transactions (<c>record --batch-size</c>) runs it
/// first, so that no transaction commits before a bad row later in the input is found. A conflict with a
/// row stored already is found only when its transaction writes (other writers may store one meanwhile).
/// </summary>
public static class BatchPreflight
{
    public static void Check(TradebookDatabase database, LedgerBatch batch)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(batch);
        CheckRepeatedFills(batch.Fills);
        database.Run(connection =>
        {
            var bots = BotNames(batch).Distinct(StringComparer.Ordinal).ToList();
            foreach (var bot in bots)
            {
                if (Bots.Find(connection, null, bot) is null)
                {
                    throw new TradebookException(ErrorCode.UnknownBot, $"unknown bot '{bot}'; nothing was written", Remedy.AddBot(bot));
                }
            }

            var ordersInBatch = batch.Orders.Select(o => (o.Bot, o.Id)).ToHashSet();
            foreach (var fill in batch.Fills.Where(f => f.OrderId is not null && !ordersInBatch.Contains((f.Bot, f.OrderId!))).DistinctBy(f => (f.Bot, f.OrderId)))
            {
                if (!OrderStored(connection, fill.Bot, fill.OrderId!))
                {
                    throw new TradebookException(ErrorCode.UnknownOrder, $"fill '{fill.Id}' names order '{fill.OrderId}', which is not recorded for bot '{fill.Bot}'; record the order first (or leave order_id out); nothing was written");
                }
            }

            return 0;
        });
    }

    private static IEnumerable<string> BotNames(LedgerBatch batch) =>
        batch.Signals.Select(s => s.Bot)
            .Concat(batch.Decisions.Select(d => d.Bot))
            .Concat(batch.Orders.Select(o => o.Bot))
            .Concat(batch.Fills.Select(f => f.Bot))
            .Concat(batch.CashFlows.Select(c => c.Bot))
            .Concat(batch.Snapshots.Select(s => s.Bot));

    private static void CheckRepeatedFills(IReadOnlyList<FillRecord> fills)
    {
        var seen = new Dictionary<(string Bot, string Id), FillRecord>();
        foreach (var fill in fills)
        {
            if (seen.TryGetValue((fill.Bot, fill.Id), out var first) && first != fill)
            {
                throw new TradebookException(ErrorCode.Conflict, $"fill '{fill.Id}' of bot '{fill.Bot}' is given twice in the input with different values; nothing was written. Record corrections under a new id.");
            }

            seen.TryAdd((fill.Bot, fill.Id), fill);
        }
    }

    private static bool OrderStored(DbConnection connection, string bot, string orderId)
    {
        using var command = connection.Command(null, """
            SELECT count(*) FROM orders o JOIN bots b ON b.id = o.bot_id
            WHERE b.name = @bot AND o.client_order_id = @order
            """);
        command.Add("@bot", bot);
        command.Add("@order", orderId);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
