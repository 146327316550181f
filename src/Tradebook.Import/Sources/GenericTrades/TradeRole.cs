namespace Tradebook.Import.Sources.GenericTrades;

/// <summary>What a column of a trades table means to Tradebook.</summary>
public enum TradeRole
{
    Symbol,
    Side,
    Quantity,
    Price,
    Fee,
    FeeCurrency,
    Time,
    Key,
    OrderId,
    Bot,
    Status,
}
