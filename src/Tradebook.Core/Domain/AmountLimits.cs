namespace Tradebook.Core.Domain;

/// <summary>
/// The largest amount Tradebook records, and the largest value (quantity × price) of a fill: far above any real
/// trade, and far enough below decimal's range (7.9e28) that the ledger's sums of millions of them cannot overflow.
/// Every way in (a record, an import) refuses what is beyond it, naming the row, instead of the ledger failing on a sum.
/// </summary>
public static class AmountLimits
{
    public const decimal Max = 100_000_000_000_000_000_000m;

    /// <summary>Whether <paramref name="quantity"/>, <paramref name="price"/> and their product are each at most <see cref="Max"/> in size.</summary>
    public static bool Within(decimal quantity, decimal? price)
    {
        var q = Math.Abs(quantity);
        return q <= Max && (price is not { } given || (Math.Abs(given) is var p && p <= Max && (p == 0 || q <= Max / p)));
    }
}
