namespace Tradebook.Core.Accounting;

/// <summary>Why a fill cannot be recorded; <see cref="None"/> when it can.</summary>
public enum FillProblem
{
    None,
    MissingId,
    MissingSymbol,
    QuantityNotPositive,
    NegativePrice,
}
