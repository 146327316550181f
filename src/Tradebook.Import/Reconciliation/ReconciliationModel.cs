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

    /// <summary>This trade's exits, or an earlier trade's of the same product, add up to more than their entries: the source's rows cannot all be right.</summary>
    ExitsBeyondEntries,

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
    IReadOnlyDictionary<string, decimal> UnconvertedFees)
{
    /// <summary>The reason in words, for a user reading the report.</summary>
    public string Explanation => DifferenceReasons.Describe(Reason, UnconvertedFees);
}

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

/// <param name="Trades">
/// Per bot, the first <see cref="MaxListed"/> trades that differ (a reason other than agreement or rounding) and the
/// first <see cref="MaxListed"/> that agree, in the source's order; <see cref="Totals"/> count every trade.
/// </param>
public sealed record ReconciliationReport(
    IReadOnlyList<TradeReconciliation> Trades,
    IReadOnlyList<ReconciliationTotal> Totals)
{
    /// <summary>Trades listed per bot of each kind (differing, agreeing), as other lists of the report are capped.</summary>
    public const int MaxListed = 100;

    /// <summary>The trades not in <see cref="Trades"/>; absent from the JSON when every trade is listed.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public int TradesNotListed { get; init; }

    public ReconciliationTotal Overall => Totals.Single(t => t.Bot == "*");
}

/// <summary>What each <see cref="DifferenceReason"/> means, in words a user can act on.</summary>
public static class DifferenceReasons
{
    public static string Describe(DifferenceReason reason, IReadOnlyDictionary<string, decimal>? unconvertedFees = null) => reason switch
    {
        DifferenceReason.None => "stored and computed agree",
        DifferenceReason.Rounding => "within the source's rounding of its stored figure",
        DifferenceReason.FeeNotConverted =>
            $"a fee in a third currency{Fees(unconvertedFees)} has no rate to the quote currency, so it is kept out of the computed P&L",
        DifferenceReason.NullCloseRate => "the source closed the trade without a close rate; its exit comes from its orders, or is missing",
        DifferenceReason.Funding => "the difference is the trade's funding, which Tradebook keeps as a cash flow beside the trade",
        DifferenceReason.OpenTradeWithRealizedProfit =>
            "an open trade with profit stored from partial exits: Tradebook realizes each exit against the average cost of the whole position",
        DifferenceReason.ResidualQuantity =>
            "quantity left open by the trade's fills (a fee taken in the coin, dust), or inherited from an earlier trade of the symbol, shifts the average cost",
        DifferenceReason.ExitsBeyondEntries =>
            "the exits of this trade, or of an earlier trade of the product, sell more than their entries bought (rows named in the source's problems): the excess opened a position the source never had",
        DifferenceReason.NotStored => "the source stored no P&L for this closed trade",
        DifferenceReason.CloseRateDiffers => "the trade's stored close rate is not the price its exit filled at (named in the warnings); Tradebook uses the fill's price",
        DifferenceReason.FeeRateDiffers => "the exit fee the source stored differs from the fee its rate gives (named in the warnings); Tradebook uses the fee charged",
        _ => "no known cause",
    };

    private static string Fees(IReadOnlyDictionary<string, decimal>? fees) =>
        fees is null || fees.Count == 0
            ? ""
            : " (" + string.Join(", ", fees.Select(f => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{f.Value} {f.Key}"))) + ")";
}
