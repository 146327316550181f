namespace Tradebook.Import.Writing;

/// <summary>Fills and orders per bot name, counted in one pass over the set rather than once per bot.</summary>
internal sealed record RowsPerBot(IReadOnlyDictionary<string, int> Fills, IReadOnlyDictionary<string, int> Orders)
{
    public static RowsPerBot Of(ImportSet set)
    {
        var fills = new Dictionary<string, int>(set.Streamed.PerBot, StringComparer.Ordinal);
        foreach (var fill in set.Fills)
        {
            fills[fill.Bot] = fills.GetValueOrDefault(fill.Bot) + 1;
        }

        var orders = new Dictionary<string, int>(set.Streamed.OrdersPerBot, StringComparer.Ordinal);
        foreach (var order in set.Orders)
        {
            orders[order.Bot] = orders.GetValueOrDefault(order.Bot) + 1;
        }

        return new RowsPerBot(fills, orders);
    }
}
