namespace Tradebook.Core.Accounting;

/// <summary>
/// An open entry: the quantity still open, what it cost at the fill price (notional) and the entry
/// fees not yet realized. Quantities are unsigned; the direction belongs to the position.
/// Notional is kept instead of a price so that an average never has to be divided and multiplied back.
/// </summary>
public readonly record struct Lot(decimal Quantity, decimal Notional, decimal Fees)
{
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

        var taken = new Lot(quantity, Notional * quantity / Quantity, Fees * quantity / Quantity);
        return (taken, new Lot(Quantity - quantity, Notional - taken.Notional, Fees - taken.Fees));
    }
}
