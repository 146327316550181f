using Tradebook.Core.Domain;

namespace Tradebook.Import.Consolidation;

/// <summary>
/// Fill tables often carry the exchange's order id without a table of orders. The store only accepts a
/// fill naming an order it holds, so each such order is made from its own fills: side and symbol of the
/// fills, their total quantity, their volume-weighted price, the time of the first. Orders are made after
/// consolidation, from the fills that won, so copies never disagree over an order nobody stored.
/// </summary>
public static class ImpliedOrders
{
    /// <summary>Adds an order for every (bot, order id) the fills name and <paramref name="set"/> does not hold; returns how many.</summary>
    public static int AddMissing(ImportSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var known = set.Orders.Select(o => (o.Bot, o.Id)).ToHashSet();
        var added = 0;
        var groups = set.Fills
            .Where(f => f.OrderId is { Length: > 0 } && !known.Contains((f.Bot, f.OrderId)) && !set.Streamed.HasOrder(f.Bot, f.OrderId))
            .GroupBy(f => (f.Bot, OrderId: f.OrderId!));
        foreach (var group in groups)
        {
            var fills = group.OrderBy(f => f.Timestamp).ToList();
            var first = fills[0];
            if (fills.Any(f => f.Side != first.Side || f.Symbol != first.Symbol))
            {
                // One order cannot both buy and sell, or trade two symbols: the id is not an order id here.
                for (var i = 0; i < set.Fills.Count; i++)
                {
                    if (set.Fills[i].Bot == group.Key.Bot && set.Fills[i].OrderId == group.Key.OrderId)
                    {
                        set.Fills[i] = set.Fills[i] with { OrderId = null };
                    }
                }

                set.Warnings.Add($"order id {group.Key.OrderId} of bot {group.Key.Bot} is named by fills of different sides or symbols; the fills are kept without an order");
                continue;
            }

            var quantity = fills.Sum(f => f.Quantity);
            var price = quantity == 0 ? first.Price : fills.Sum(f => f.Quantity * f.Price) / quantity;
            set.Orders.Add(new OrderRecord(
                group.Key.Bot,
                group.Key.OrderId,
                first.Symbol,
                first.Side,
                "unknown",
                quantity,
                price,
                OrderStatus.Filled.ToText(),
                first.Timestamp,
                group.Key.OrderId,
                Provenance: first.Provenance));
            added++;
        }

        return added;
    }
}
