using Tradebook.Core.Domain;

namespace Tradebook.Storage.Ledger;

/// <summary>A bot as stored, with the name of the user who owns it (none: the local owner's).</summary>
public sealed record BotRow(
    long Id,
    string Name,
    BotMode Mode,
    CostBasisMethod Method,
    string? Exchange,
    string? StrategyName,
    string? StrategyVersion,
    string? Config,
    DateTimeOffset CreatedAt,
    string? Owner = null);
