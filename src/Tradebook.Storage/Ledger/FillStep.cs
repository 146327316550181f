using Tradebook.Core.Accounting;

namespace Tradebook.Storage.Ledger;

/// <summary>What one fill does to its product, worked out before anything about the product changes.</summary>
/// <param name="Outcome">What Core made of the fill.</param>
/// <param name="PositionId">The row of the position the fill belongs to; null for a fill from flat that only took dust.</param>
/// <param name="OpenedId">That row when the fill opened it from flat, so that a duplicate fill can remove it again.</param>
internal readonly record struct FillStep(FillOutcome Outcome, long? PositionId, long? OpenedId);
