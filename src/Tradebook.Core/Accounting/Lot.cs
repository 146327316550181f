namespace Tradebook.Core.Accounting;

/// <summary>
/// An open entry: the quantity still open, what it cost at the fill price (notional) and the entry
/// fees not yet realized. Quantities are unsigned; the direction belongs to the position.
/// Notional is kept instead of a price so that an average never has to be divided and multiplied back.
/// </summary>
public readonly record struct Lot(decimal Quantity, decimal Notional, decimal Fees)
{
    // Far below the smallest unit of any currency, yet leaves room for 16 integer digits.
    private const int ShareDecimals = 12;

    /// <summary>The entry price without fees.</summary>
    public decimal Price => Quantity == 0 ? 0 : Notional / Quantity;

    public Lot Merge(Lot other) => new(Quantity + other.Quantity, Notional + other.Notional, Fees + other.Fees);

    /// <summary>Splits <paramref name="quantity"/> off this lot, pro rata; taking all of it leaves no dust.</summary>
    public (Lot Taken, Lot Left) Take(decimal quantity)
    {
        if (quantity <= 0 || quantity > Quantity)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, $"Cannot take {quantity} from a lot of {Quantity}.");
        }

        if (quantity == Quantity)
        {
            return (this, default);
        }

        var taken = new Lot(quantity, Share(Notional, quantity, Quantity), Share(Fees, quantity, Quantity));
        return (taken, new Lot(Quantity - quantity, Notional - taken.Notional, Fees - taken.Fees));
    }

    /// <summary>
    /// The share <paramref name="part"/>/<paramref name="whole"/> of <paramref name="amount"/>, rounded to
    /// <see cref="ShareDecimals"/> places. An unrounded share such as a third carries 28 digits, and the
    /// sums it then joins no longer fit a decimal exactly, leaving dust in realized P&amp;L and breaking
    /// realized + unrealized = cash. Rounded, every later sum is exact; the caller keeps the remainder
    /// (amount minus share), so nothing is lost. It is the one rounding of split amounts: a lot taken in
    /// part, and a flip's fee shared between the position it closes and the one it opens.
    /// </summary>
    internal static decimal Share(decimal amount, decimal part, decimal whole) =>
        Math.Round(amount * part / whole, ShareDecimals, MidpointRounding.ToEven);
}
