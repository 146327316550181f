using Tradebook.Demo.Market;

namespace Tradebook.Demo.Strategies;

/// <summary>The demo's four paper bots, each trading its own symbol of one shared market history.</summary>
public static class DemoBots
{
    /// <summary>The bots as they are created, in this order.</summary>
    public static IReadOnlyList<DemoBotSpec> Specs { get; } =
        [MovingAverageCross.Spec, GridTrader.Spec, PerpetualMomentum.Spec, LlmAnalyst.Spec];

    /// <summary>Fresh strategies over <paramref name="market"/>, ready for bar 0.</summary>
    public static IReadOnlyList<DemoStrategy> Create(MarketHistory market, int seed) =>
    [
        new MovingAverageCross(MovingAverageCross.Spec, market, seed),
        new GridTrader(GridTrader.Spec, market, seed),
        new PerpetualMomentum(PerpetualMomentum.Spec, market, seed),
        new LlmAnalyst(LlmAnalyst.Spec, market, seed),
    ];
}
