namespace Tradebook.Import.Consolidation;

/// <summary>How conflicts between copies are resolved.</summary>
/// <param name="Prefer">
/// The copy whose values win (its name, or the end of its path such as <c>backend/trader.db</c>); the
/// other copies follow by recency. Without it the most recently written copy wins.
/// </param>
public sealed record ConsolidationOptions(string? Prefer = null)
{
    public static readonly ConsolidationOptions Default = new();
}
