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

    /// <summary>The coin bought or sold, where no column names the pair (with <see cref="QuoteAsset"/> it makes the symbol).</summary>
    BaseAsset,

    /// <summary>The coin paid or received, where no column names the pair.</summary>
    QuoteAsset,

    /// <summary>The quote coin paid or received, where no column holds the price: price = quote amount / quantity.</summary>
    QuoteAmount,

    /// <summary>A true/false column that is true for sells (binance-trade-bot's <c>selling</c>), where no column holds the side.</summary>
    SellFlag,

    /// <summary>A true/false column that is true for buys (an exchange's <c>is_buyer</c>), where no column holds the side.</summary>
    BuyFlag,
}
