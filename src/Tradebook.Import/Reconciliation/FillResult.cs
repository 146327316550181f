namespace Tradebook.Import.Reconciliation;

/// <summary>What one fill did to its product in the reconciliation's replay: what it realized, how it moved the position, the fee no rate converts.</summary>
internal readonly record struct FillResult(decimal Realized, decimal SignedQuantity, decimal UnconvertedFee, string? UnconvertedCurrency, decimal QuantityBefore);
