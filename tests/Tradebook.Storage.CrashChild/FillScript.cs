using Tradebook.Core.Domain;

namespace Tradebook.Storage.CrashChild;

/// <summary>Fills drawn from a seed: the same seed gives the same fills, so a restarted child re-sends the same history.</summary>
internal static class FillScript
{
    private static readonly string[] Symbols = ["BTC/USDT", "ETH/USDT", "SOL/USDC"];
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Even-numbered bots by name hash use average cost, the others FIFO, so both methods are exercised.
    public static BotSpec Bot(string name) =>
        new(name, BotMode.Paper, (name.Sum(c => c) % 2) == 0 ? CostBasisMethod.Average : CostBasisMethod.Fifo);

    public static List<FillRecord> Generate(int seed, int count, IReadOnlyList<string> bots, string prefix)
    {
        var random = new Random(seed);
        var fills = new List<FillRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var symbol = Symbols[random.Next(Symbols.Length)];
            var price = symbol.StartsWith("BTC", StringComparison.Ordinal) ? 40000m + random.Next(0, 2000000) / 100m : 10m + random.Next(0, 100000) / 1000m;
            var quantity = (random.Next(1, 100000) / 10000m) + 0.0001m;
            var fee = Math.Round(quantity * price * 0.001m, 8);
            fills.Add(new FillRecord(
                bots[random.Next(bots.Count)],
                $"{prefix}{i:D6}",
                symbol,
                random.Next(2) == 0 ? Side.Buy : Side.Sell,
                quantity,
                price,
                fee,
                random.Next(3) == 0 ? null : Symbol.Parse(symbol).Quote,
                Start.AddSeconds(i * 37)));
        }

        return fills;
    }

    /// <summary>Batches of 1 to 20 fills, cut from the same seed.</summary>
    public static List<FillRecord[]> Batches(List<FillRecord> fills, int seed)
    {
        var random = new Random(seed ^ 0x5bd1e995);
        var batches = new List<FillRecord[]>();
        for (var at = 0; at < fills.Count;)
        {
            var size = Math.Min(random.Next(1, 21), fills.Count - at);
            batches.Add(fills.GetRange(at, size).ToArray());
            at += size;
        }

        return batches;
    }
}
