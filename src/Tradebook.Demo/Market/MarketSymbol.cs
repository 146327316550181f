namespace Tradebook.Demo.Market;

/// <summary>
/// A symbol of the demo market and how it moves. Returns are <c>beta × market + own</c>, each part
/// with its own volatility clustering; a perpetual follows its <see cref="Underlying"/> at a small
/// basis and settles funding every eight hours.
/// </summary>
/// <param name="HourlyVolatility">The long-run standard deviation of the symbol's own hourly return, beside the market's.</param>
/// <param name="Beta">How much of the common market return the symbol takes.</param>
/// <param name="Tick">Price increment; every price is a multiple of it.</param>
/// <param name="LotStep">Quantity increment for orders and volumes.</param>
public sealed record MarketSymbol(
    string Name,
    string Base,
    string Quote,
    decimal StartPrice,
    decimal Tick,
    decimal LotStep,
    double HourlyVolatility,
    double Beta,
    decimal BaseVolume,
    string? Underlying = null)
{
    public bool IsPerpetual => Underlying is not null;

    /// <summary>A price rounded to the nearest tick.</summary>
    public decimal RoundPrice(decimal price) => Math.Round(price / Tick, MidpointRounding.ToEven) * Tick;

    /// <summary>A quantity rounded down to the lot step.</summary>
    public decimal RoundQuantity(decimal quantity) => Math.Floor(quantity / LotStep) * LotStep;

    /// <summary>BTC/USDT, ETH/USDT, SOL/USDT and the BTC/USDT perpetual (BTC/USDT:USDT, settled in USDT).</summary>
    public static IReadOnlyList<MarketSymbol> Defaults { get; } =
    [
        new("BTC/USDT", "BTC", "USDT", 42_150.0m, 0.1m, 0.0001m, 0.0020, 1.0, 850m),
        new("ETH/USDT", "ETH", "USDT", 2_310.00m, 0.01m, 0.001m, 0.0030, 1.15, 9_500m),
        new("SOL/USDT", "SOL", "USDT", 98.40m, 0.01m, 0.01m, 0.0050, 1.45, 120_000m),
        new("BTC/USDT:USDT", "BTC", "USDT", 42_170.0m, 0.1m, 0.001m, 0.0, 1.0, 2_400m, Underlying: "BTC/USDT"),
    ];
}
