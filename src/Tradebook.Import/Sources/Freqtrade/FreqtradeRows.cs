namespace Tradebook.Import.Sources.Freqtrade;

/// <summary>A row of freqtrade's <c>trades</c> table, columns missing from older schemas left null.</summary>
internal sealed record FreqtradeTrade(
    long Id,
    string Exchange,
    string Pair,
    string? Strategy,
    string? StakeCurrency,
    bool IsOpen,
    bool IsShort,
    decimal? Amount,
    decimal? OpenRate,
    decimal? CloseRate,
    DateTimeOffset OpenDate,
    DateTimeOffset? CloseDate,
    decimal FeeOpenRate,
    decimal FeeCloseRate,
    decimal? FeeOpenCost,
    string? FeeOpenCurrency,
    decimal? FeeCloseCost,
    string? FeeCloseCurrency,
    decimal? CloseProfitAbs,
    decimal? RealizedProfit,
    decimal? FundingFees,
    string? OpenOrderId,
    string? StoplossOrderId,
    decimal? AmountPrecision = null,
    decimal? PrecisionMode = null,
    decimal? ContractSize = null,
    string? Place = null)
{
    /// <summary>Where the trade is in its source: its row (<c>trades.id=7</c>), or <see cref="Place"/> when it is not a table's.</summary>
    public string SourceRef => Place ?? $"trades.id={Id}";

    /// <summary>Side of the orders that open this trade: a short sells to open.</summary>
    public Tradebook.Core.Domain.Side EntrySide => IsShort ? Tradebook.Core.Domain.Side.Sell : Tradebook.Core.Domain.Side.Buy;

    public Tradebook.Core.Domain.Side ExitSide => IsShort ? Tradebook.Core.Domain.Side.Buy : Tradebook.Core.Domain.Side.Sell;
}

/// <summary>A row of freqtrade's <c>orders</c> table (2021 and later).</summary>
internal sealed record FreqtradeOrder(
    long Id,
    long? TradeId,
    string FtOrderSide,
    string Pair,
    string OrderId,
    string? Status,
    string? OrderType,
    string? Side,
    decimal? Price,
    decimal? Average,
    decimal? Amount,
    decimal? Filled,
    decimal? Cost,
    DateTimeOffset? OrderDate,
    DateTimeOffset? FilledDate,
    DateTimeOffset? UpdateDate,
    decimal? FeeBase,
    string? Place = null)
{
    /// <summary>Where the order is in its source: its row (<c>orders.id=9</c>), or <see cref="Place"/> when it is not a table's.</summary>
    public string SourceRef => Place ?? $"orders.id={Id}";

    public bool IsDryRun => OrderId.StartsWith("dry_run", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// What was filled. Old rows may lack <c>filled</c>; a closed order without it counts as fully filled.
    /// </summary>
    public decimal FilledQuantity =>
        Filled ?? (string.Equals(Status, "closed", StringComparison.OrdinalIgnoreCase) ? Amount ?? 0 : 0);

    /// <summary>The average fill price: <c>average</c> when stored (2022+), else the order price, else cost / filled.</summary>
    public decimal? FillPrice =>
        Average is > 0 ? Average
        : Price is > 0 ? Price
        : Cost is > 0 && FilledQuantity > 0 ? Cost / FilledQuantity
        : null;

    public DateTimeOffset? FillTime => FilledDate ?? UpdateDate ?? OrderDate;
}
