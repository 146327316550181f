namespace Tradebook.Import.Sources.Arena;

/// <summary>
/// Pairs exits with entries first-in-first-out per symbol and direction, as the arena's rules say a
/// CLOSE closes the oldest open position of that symbol and direction. Orders carry no position id,
/// so this is the only way to rebuild positions.
/// </summary>
internal static class ArenaFifo
{
    public static (List<ArenaPair> Pairs, List<ArenaOpenEntry> Open) Pair(IEnumerable<ArenaOrder> chronological)
    {
        var queues = new Dictionary<(string, bool), List<ArenaOpenEntry>>();
        var pairs = new List<ArenaPair>();
        foreach (var o in chronological)
        {
            var key = (o.Symbol, o.IsLong);
            if (!queues.TryGetValue(key, out var queue))
            {
                queue = [];
                queues[key] = queue;
            }

            if (o.IsEntry)
            {
                queue.Add(new ArenaOpenEntry(o, o.Size));
                continue;
            }

            var left = o.Size;
            var taken = new List<(ArenaOrder, decimal)>();
            var gross = 0m;
            while (left > 0 && queue.Count > 0)
            {
                var head = queue[0];
                var quantity = Math.Min(left, head.Remaining);
                taken.Add((head.Entry, quantity));

                // A long gains when the exit is above the entry, a short when it is below.
                gross += (o.IsLong ? 1 : -1) * (o.Price - head.Entry.Price) * quantity;
                left -= quantity;
                if (quantity == head.Remaining)
                {
                    queue.RemoveAt(0);
                }
                else
                {
                    queue[0] = head with { Remaining = head.Remaining - quantity };
                }
            }

            pairs.Add(new ArenaPair(o, taken, left, gross - (o.Fee ?? 0m)));
        }

        var open = queues.Values.SelectMany(q => q).OrderBy(e => e.Entry.Timestamp).ThenByDescending(e => e.Entry.Index).ToList();
        return (pairs, open);
    }
}
