namespace Tradebook.Core.Domain;

/// <summary>Where a row came from: which program wrote it and from what.</summary>
/// <param name="Source">The writer or origin, e.g. <c>cli</c>, <c>freqtrade:tradesv3.sqlite</c>.</param>
/// <param name="SourceRef">The row's identity at the origin, e.g. <c>trades.id=42</c>.</param>
/// <param name="BotVersion">Version of the bot program that produced it.</param>
/// <param name="StrategyVersion">Version or hash of the strategy that produced it.</param>
public sealed record Provenance(string? Source = null, string? SourceRef = null, string? BotVersion = null, string? StrategyVersion = null)
{
    public static readonly Provenance None = new();
}
