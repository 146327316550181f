using Tradebook.Core.Domain;

namespace Tradebook.Core.Accounting;

/// <summary>
/// What accounting needs from a fill: side, a positive quantity, the price, and the fee already
/// converted into the quote currency (zero when it could not be converted; see <see cref="FeeConversion"/>).
/// </summary>
public readonly record struct TradeFill(Side Side, decimal Quantity, decimal Price, decimal QuoteFee)
{
    public int Sign => Side == Side.Buy ? 1 : -1;

    /// <summary>Throws when the amounts break <see cref="FillValidation.CheckAmounts"/>: records are checked before they get here.</summary>
    public void Validate()
    {
        switch (FillValidation.CheckAmounts(Quantity, Price))
        {
            case FillProblem.QuantityNotPositive:
                throw new ArgumentOutOfRangeException(nameof(Quantity), Quantity, "A fill's quantity must be positive.");
            case FillProblem.NegativePrice:
                throw new ArgumentOutOfRangeException(nameof(Price), Price, "A fill's price cannot be negative.");
        }
    }
}
