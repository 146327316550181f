namespace Tradebook.Demo.Strategies;

/// <summary>A demo bot as <c>POST /api/v1/bots</c> creates it. Every demo bot trades on paper.</summary>
public sealed record DemoBotSpec(
    string Name,
    string StrategyName,
    string StrategyVersion,
    string Symbol,
    string CostMethod = "average",
    string Currency = "USDT",
    decimal StartingCash = 10_000m,
    string Exchange = "demo")
{
    public const string Mode = "paper";
}
