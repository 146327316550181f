namespace Tradebook.Import.Sources.GenericTrades;

/// <summary>
/// The column names bots commonly give each role, best first. Matching is case-insensitive and exact:
/// a name that merely contains a word (e.g. <c>price_change</c>) is not a price.
/// </summary>
internal static class ColumnNames
{
    public static readonly IReadOnlyList<string> Symbol =
        ["symbol", "pair", "product_id", "ticker", "instrument", "market", "product", "trading_pair", "currency_pair", "asset_pair", "stock", "security"];

    public static readonly IReadOnlyList<string> Side =
        ["side", "action", "type", "direction", "order_side", "trade_side", "buy_sell", "transaction_type", "trade_type", "trans_code"];

    // What was executed before what was asked: an order export has both (Alpaca's qty and filled_qty, Coinbase's
    // size and filled_size), and a partly filled order traded only the first. "executed", "qty" and "quantity" before
    // "amount": an export that has both (Binance's "Executed", a broker's "Quantity") gives what was paid as
    // "Amount", which alone is the quantity (ccxt). Brokers count shares, units or contracts; fill histories name
    // what one execution traded (Bybit "Exec Qty", FIX "LastQty").
    public static readonly IReadOnlyList<string> Quantity =
        ["filled_qty", "filled_quantity", "filled_size", "executed_qty", "executed_quantity", "exec_qty", "exec_quantity", "fill_qty", "fill_quantity", "fill_size",
         "size", "executed", "qty", "quantity", "amount", "filled", "base_amount", "base_qty", "base_quantity", "alt_trade_amount",
         "shares", "units", "contracts", "vol", "volume", "quantity_transacted", "trade_qty", "trade_quantity", "trade_size", "last_qty"];

    // An order export's average price of its fills before its price (Alpaca's filled_avg_price and limit price:
    // a market order has none). An activity statement abbreviates the trade price (Interactive Brokers "T. Price").
    public static readonly IReadOnlyList<string> Price =
        ["filled_avg_price", "avg_fill_price", "average_fill_price", "avg_execution_price",
         "price", "rate", "fill_price", "avg_price", "average_price", "executed_price", "trade_price", "execution_price", "deal_price", "unit_price", "price_per_unit", "px",
         "price_at_transaction", "spot_price_at_transaction", "spot_price", "exec_price", "avg_px", "fill_px", "last_px", "t_price"];

    // ccxt's trades flattened (pandas' json_normalize) give fee.cost beside the list of fees.
    public static readonly IReadOnlyList<string> Fee =
        ["fee", "fee_cost", "fees", "commission", "fee_amount", "commission_amount", "trade_fee", "trading_fee", "total_fee", "fees_paid", "fees_and_or_spread",
         "exec_fee", "transaction_fee", "commission_fee", "ib_commission", "comm_fee"];

    public static readonly IReadOnlyList<string> FeeCurrency =
        ["fee_currency", "commission_asset", "fee_asset", "commission_currency", "fee_coin", "fee_ccy", "fee_unit", "fee_token", "commission_coin", "ib_commission_currency"];

    // Execution times first: a row's creation time is only a stand-in for when it filled. A unit or zone in the
    // name (ts_ns, time_utc) changes nothing: unix time is told apart by its size.
    public static readonly IReadOnlyList<string> Time =
        ["executed_at", "filled_at", "time", "timestamp", "trade_time", "execution_time", "exec_time", "fill_time", "transaction_time",
         "trade_timestamp", "exec_timestamp", "fill_timestamp", "transaction_timestamp", "trade_created_at", "created_at", "create_time", "created_time",
         "date", "datetime", "date_time", "trade_date", "transaction_date", "activity_date", "ts",
         "ts_ms", "ts_us", "ts_ns", "time_ms", "time_ns", "timestamp_ms", "timestamp_us", "timestamp_ns", "time_utc", "timestamp_utc", "datetime_utc", "date_utc"];

    // Exchange ids, finest first; a bare "id" counts only when it is not the table's row id.
    public static readonly IReadOnlyList<string> Key = ["fill_id", "trade_id", "execution_id", "exec_id", "txid", "tid", "order_id", "id"];

    // ccxt's trades name their order "order"; Kraken's trade history "ordertxid", Binance's futures history "Order No".
    public static readonly IReadOnlyList<string> OrderId = ["order_id", "exchange_order_id", "client_order_id", "order", "ordertxid", "order_no", "order_number"];

    public static readonly IReadOnlyList<string> Bot = ["bot_id", "bot", "bot_name"];

    public static readonly IReadOnlyList<string> Status = ["status", "state", "order_status"];

    // A pair given as two coins: binance-trade-bot's alt coin (bought or sold) and crypto coin (the bridge it is paid in);
    // a broker's transaction report's asset and the currency of its price.
    public static readonly IReadOnlyList<string> BaseAsset = ["base_asset", "base_currency", "base_coin", "base", "alt_coin_id", "alt_coin", "coin", "asset"];

    public static readonly IReadOnlyList<string> QuoteAsset = ["quote_asset", "quote_currency", "quote_coin", "quote", "crypto_coin_id", "crypto_coin", "bridge_coin", "bridge", "price_currency", "spot_price_currency"];

    // What the quote coin moved: read only where no column holds the price. An export's "Total" (Binance's spot
    // history, KuCoin's "funds", Bybit's "Exec Value") is the price times the quantity.
    public static readonly IReadOnlyList<string> QuoteAmount =
        ["quote_amount", "quote_qty", "quote_quantity", "quote_trade_amount", "crypto_trade_amount", "cummulative_quote_qty", "cumulative_quote_qty", "cost", "notional", "proceeds", "subtotal",
         "total", "funds", "exec_value", "trade_value", "filled_value"];

    public static readonly IReadOnlyList<string> SellFlag = ["selling", "is_sell", "is_selling", "is_sold", "sell"];

    public static readonly IReadOnlyList<string> BuyFlag = ["buying", "is_buy", "is_buyer", "is_buying", "is_bid", "buy"];

    public static readonly IReadOnlyList<string> BotName = ["name", "bot_name", "label", "title"];

    public static readonly IReadOnlyList<string> BotStrategy = ["strategy", "strategy_name"];

    public static readonly IReadOnlyList<string> BotParameters = ["strategy_parameters", "parameters", "params", "strategy_params", "config", "settings"];

    public static readonly IReadOnlyList<string> BotExchange = ["exchange", "exchange_name", "venue"];

    public static readonly IReadOnlyList<string> BotMode = ["mode", "trading_mode", "dry_run", "paper", "is_paper", "paper_trading", "sandbox"];

    public static IReadOnlyList<string> For(TradeRole role) => role switch
    {
        TradeRole.Symbol => Symbol,
        TradeRole.Side => Side,
        TradeRole.Quantity => Quantity,
        TradeRole.Price => Price,
        TradeRole.Fee => Fee,
        TradeRole.FeeCurrency => FeeCurrency,
        TradeRole.Time => Time,
        TradeRole.Key => Key,
        TradeRole.OrderId => OrderId,
        TradeRole.Bot => Bot,
        TradeRole.Status => Status,
        TradeRole.BaseAsset => BaseAsset,
        TradeRole.QuoteAsset => QuoteAsset,
        TradeRole.QuoteAmount => QuoteAmount,
        TradeRole.SellFlag => SellFlag,
        TradeRole.BuyFlag => BuyFlag,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>The first of <paramref name="names"/> present among <paramref name="columns"/>, in the table's own spelling.</summary>
    public static string? FirstPresent(IReadOnlyList<string> names, IEnumerable<string> columns)
    {
        var set = new HashSet<string>(columns, StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (set.TryGetValue(name, out var actual))
            {
                return actual;
            }
        }

        return null;
    }
}
