using Tradebook.Core.Domain;

namespace Tradebook.Bench;

/// <summary>Deterministic, realistic-looking fills: a random walk per product, positions kept bounded.</summary>
internal sealed class FillGenerator(int seed, string bot, int products)
{
    private readonly Random _random = new(seed);
    private readonly decimal[] _prices = Enumerable.Range(0, products).Select(i => 100m + (i * 10m)).ToArray();
    private readonly decimal[] _positions = new decimal[products];
    private readonly DateTimeOffset _start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _next;

    public FillRecord Next()
    {
        var product = _random.Next(_prices.Length);
        _prices[product] = Math.Max(1m, decimal.Round(_prices[product] * (1m + ((decimal)_random.Next(-100, 101) / 10_000m)), 2));
        var quantity = _random.Next(1, 100) / 100m;

        // Lean against the open position so that round trips close often, as a trading bot's do.
        var side = _positions[product] > 2m ? Side.Sell : _positions[product] < -2m ? Side.Buy : _random.Next(2) == 0 ? Side.Buy : Side.Sell;
        _positions[product] += side == Side.Buy ? quantity : -quantity;
        var id = _next++;
        var price = _prices[product];
        return new FillRecord(bot, $"{bot}-{id}", $"P{product}/USDT", side, quantity, price, decimal.Round(quantity * price * 0.001m, 8), "USDT", _start.AddSeconds(id));
    }

    public IEnumerable<FillRecord> Take(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Next();
        }
    }
}
