namespace Tradebook.Import.Sources.GenericTrades;

/// <summary>
/// The column names bots commonly give each role, best first. Matching is case-insensitive and exact:
/// a name that merely contains a word (e.g. <c>price_change</c>) is not a price.
/// </summary>
internal static class ColumnNames
{
    public static readonly IReadOnlyList<string> Symbol = ["symbol", "pair", "product_id", "ticker", "instrument", "market", "product"];

    public static readonly IReadOnlyList<string> Side = ["side", "action", "type", "direction", "order_side", "trade_side"];

    public static readonly IReadOnlyList<string> Quantity = ["size", "amount", "qty", "quantity", "filled", "filled_size", "executed_qty", "filled_qty"];

    public static readonly IReadOnlyList<string> Price = ["price", "rate", "fill_price", "avg_price", "average_price", "executed_price"];

    public static readonly IReadOnlyList<string> Fee = ["fee", "fees", "commission"];

    public static readonly IReadOnlyList<string> FeeCurrency = ["fee_currency", "commission_asset", "fee_asset", "commission_currency"];

    // Execution times first: a row's creation time is only a stand-in for when it filled.
    public static readonly IReadOnlyList<string> Time = ["executed_at", "filled_at", "time", "timestamp", "trade_time", "created_at", "date", "datetime", "ts"];

    // Exchange ids, finest first; a bare "id" counts only when it is not the table's row id.
    public static readonly IReadOnlyList<string> Key = ["fill_id", "trade_id", "execution_id", "exec_id", "order_id", "id"];

    public static readonly IReadOnlyList<string> OrderId = ["order_id", "exchange_order_id", "client_order_id"];

    public static readonly IReadOnlyList<string> Bot = ["bot_id", "bot", "bot_name"];

    public static readonly IReadOnlyList<string> Status = ["status", "state", "order_status"];

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
