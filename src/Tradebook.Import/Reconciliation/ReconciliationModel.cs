namespace Tradebook.Import.Reconciliation;

/// <summary>Why a trade's computed P&amp;L differs from what the source stored.</summary>
public enum DifferenceReason
{
    /// <summary>Stored and computed agree exactly.</summary>
    None,

    /// <summary>Within <see cref="Reconciler.RoundingTolerance"/>: the source rounded its figure.</summary>
    Rounding,

    /// <summary>A fee in a currency other than base or quote, without a rate, was kept out of computed P&amp;L.</summary>
    FeeNotConverted,

    /// <summary>The trade is closed but the source stored no close rate.</summary>
    NullCloseRate,

    /// <summary>The source's profit prices the exit at a close rate other than the price its exit order filled at.</summary>
    CloseRateDiffers,

    /// <summary>The source's profit charges an exit fee rate other than the exit fee it stored as paid.</summary>
    FeeRateDiffers,

    /// <summary>The difference is the trade's funding (the source counted it one way, Tradebook the other).</summary>
    Funding,

    /// <summary>An open trade whose source already stored realized profit from partial exits.</summary>
    OpenTradeWithRealizedProfit,

    /// <summary>The trade's fills do not net to zero (e.g. a fee taken in the base coin), so some quantity stays open.</summary>
    ResidualQuantity,

    /// <summary>The source stored no figure for a closed trade.</summary>
    NotStored,

    /// <summary>No known cause.</summary>
    Unknown,
}

/// <summary>One reported trade: what the source stored against what Tradebook computes from its fills.</summary>
/// <param name="UnconvertedFees">Fees left out of <paramref name="Computed"/>, by currency ("0.37 BNB").</param>
public sealed record TradeReconciliation(
    string Bot,
    string Symbol,
    string SourceRef,
    bool IsOpen,
    decimal? Stored,
    decimal Computed,
    decimal? Difference,
    DifferenceReason Reason,
    IReadOnlyDictionary<string, decimal> UnconvertedFees);

/// <summary>Sums over one bot's trades (<paramref name="Bot"/> is "*" for all bots).</summary>
/// <param name="Difference">Computed minus stored over trades that have a stored figure.</param>
/// <param name="Unexplained">Sum of the differences whose reason is <see cref="DifferenceReason.Unknown"/>.</param>
public sealed record ReconciliationTotal(
    string Bot,
    int Trades,
    decimal Stored,
    decimal Computed,
    decimal Difference,
    int Differing,
    decimal Unexplained,
    IReadOnlyDictionary<DifferenceReason, int> ByReason,
    IReadOnlyDictionary<string, decimal> UnconvertedFees);

public sealed record ReconciliationReport(
    IReadOnlyList<TradeReconciliation> Trades,
    IReadOnlyList<ReconciliationTotal> Totals)
{
    public ReconciliationTotal Overall => Totals.Single(t => t.Bot == "*");
}
