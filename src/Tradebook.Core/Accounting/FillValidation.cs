using System.Globalization;
using Tradebook.Core.Domain;

namespace Tradebook.Core.Accounting;

/// <summary>
/// The one check a fill passes before it is recorded or applied to a book. A fill's record is checked
/// where it enters (a batch, an import); <see cref="TradeFill.Validate"/> applies the same amounts rule
/// to what reaches a book, where a failure is a bug.
/// </summary>
public static class FillValidation
{
    /// <summary>
    /// A fill moves a positive quantity (its side says buy or sell) at a price of zero or more (an
    /// airdrop is a fill at zero).
    /// </summary>
    public static FillProblem CheckAmounts(decimal quantity, decimal price) =>
        quantity <= 0 ? FillProblem.QuantityNotPositive
        : price < 0 ? FillProblem.NegativePrice
        : FillProblem.None;

    /// <summary>A fill record also needs its id, its natural key within the bot, and a symbol.</summary>
    public static FillProblem Check(FillRecord fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        return string.IsNullOrWhiteSpace(fill.Id) ? FillProblem.MissingId
            : string.IsNullOrWhiteSpace(fill.Symbol) ? FillProblem.MissingSymbol
            : CheckAmounts(fill.Quantity, fill.Price);
    }

    /// <summary>
    /// What is wrong with <paramref name="fill"/>, naming it, for the user to correct. Built only for a
    /// fill that failed <see cref="Check"/>: every fill is checked, and most pass.
    /// </summary>
    public static string Describe(FillRecord fill, FillProblem problem)
    {
        ArgumentNullException.ThrowIfNull(fill);
        return problem switch
        {
            FillProblem.MissingId => string.Create(CultureInfo.InvariantCulture, $"a fill of bot '{fill.Bot}' has no id"),
            FillProblem.MissingSymbol => string.Create(CultureInfo.InvariantCulture, $"fill '{fill.Id}' has no symbol"),
            FillProblem.QuantityNotPositive => string.Create(CultureInfo.InvariantCulture, $"fill '{fill.Id}' has quantity {fill.Quantity}; it must be positive (the side says buy or sell)"),
            FillProblem.NegativePrice => string.Create(CultureInfo.InvariantCulture, $"fill '{fill.Id}' has a negative price {fill.Price}"),
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, "Only a fill that failed its check has a problem to describe."),
        };
    }
}
