using System.Globalization;
using System.Text.Json;
using Tradebook.Core.Domain;
using Tradebook.Import.Sources.JsonFiles;

namespace Tradebook.Import.Sources.Freqtrade;

/// <summary>
/// The trades of a freqtrade backtest's result (<c>backtest-result-….json</c>), as the rows of a freqtrade database:
/// one bot per strategy and run, named by when the backtest ran (<c>backtest-20240102-100000</c>), so that the runs
/// of one strategy stay apart. A trade's orders are those freqtrade kept for it (entries, exits, stop losses); a
/// result without them gives each trade an entry at its open and an exit at its close.
/// </summary>
internal sealed class FreqtradeBacktestRows : IFreqtradeRows
{
    private readonly List<(FreqtradeTrade Trade, List<FreqtradeOrder> Orders)> _trades = [];
    private readonly Dictionary<(string Strategy, string Exchange), string?> _groups = [];

    /// <param name="strategies">The result's <c>strategy</c> object: each strategy's name and its results.</param>
    /// <param name="run">What names a run when its results do not say when it ran: the file's name (<c>backtest-result-…</c>).</param>
    public FreqtradeBacktestRows(JsonElement strategies, string run, ImportSet set)
    {
        long tradeId = 0, orderId = 0;
        foreach (var strategy in strategies.EnumerateObject())
        {
            if (!strategy.Value.TryGetProperty("trades", out var trades) || trades.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var results = strategy.Value;
            var label = JsonValues.Decimal(results, "backtest_run_start_ts") is { } started && started > 0
                ? "backtest-" + DateTimeOffset.FromUnixTimeSeconds((long)started).ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)
                : run.StartsWith("backtest", StringComparison.OrdinalIgnoreCase) ? run : "backtest-" + run;
            var group = (strategy.Name, label);
            _groups[group] = JsonValues.String(results, "exchange");
            var stake = JsonValues.String(results, "stake_currency");
            var index = 0;
            foreach (var trade in trades.EnumerateArray())
            {
                var place = $"{strategy.Name}.trades[{index++}]";
                if (Trade(trade, ++tradeId, strategy.Name, label, stake, place) is not { } row)
                {
                    set.Rejections.Add(new Rejection(place, "trade without a pair, an open time, an amount or an open rate"));
                    continue;
                }

                var orders = new List<FreqtradeOrder>();
                if (trade.TryGetProperty("orders", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    var k = 0;
                    foreach (var order in list.EnumerateArray())
                    {
                        orders.Add(Order(order, ++orderId, row, $"{place}.orders[{k++}]"));
                    }
                }

                _trades.Add((row, orders));
            }
        }
    }

    /// <summary>A backtest is a backtest, whatever its orders' ids.</summary>
    public BotMode? Mode => BotMode.Backtest;

    public int TradeCount => _trades.Count;

    public List<(string Strategy, string Exchange)> Groups() => [.. _groups.Keys];

    public string? ExchangeOf((string Strategy, string Exchange) group) => _groups[group];

    public HashSet<(string Strategy, string Exchange, string OrderId)> RepeatedOrderIds() => [];

    public IEnumerable<(FreqtradeTrade Trade, List<FreqtradeOrder> Orders)> TradesWithOrders() => _trades;

    public IEnumerable<FreqtradeOrder> OrphanOrders() => [];

    public bool AnyDryRunId() => false;

    public long CountOrders() => _trades.Sum(t => t.Orders.Count);

    private static FreqtradeTrade? Trade(JsonElement trade, long id, string strategy, string label, string? stake, string place)
    {
        var pair = JsonValues.String(trade, "pair");
        var opened = Time(trade, "open_timestamp", "open_date");
        var amount = JsonValues.Decimal(trade, "amount");
        var openRate = JsonValues.Decimal(trade, "open_rate");
        if (string.IsNullOrWhiteSpace(pair) || opened is null || amount is not > 0 || openRate is not > 0)
        {
            return null;
        }

        var isOpen = JsonValues.Find(trade, "is_open") is { ValueKind: JsonValueKind.True };
        return new FreqtradeTrade(
            id,
            label,
            pair,
            strategy,
            stake,
            isOpen,
            JsonValues.Find(trade, "is_short") is { ValueKind: JsonValueKind.True },
            amount,
            openRate,
            JsonValues.Decimal(trade, "close_rate"),
            opened.Value,
            isOpen ? null : Time(trade, "close_timestamp", "close_date"),
            JsonValues.Decimal(trade, "fee_open") ?? 0m,
            JsonValues.Decimal(trade, "fee_close") ?? 0m,
            FeeOpenCost: null,
            FeeOpenCurrency: null,
            FeeCloseCost: null,
            FeeCloseCurrency: null,
            CloseProfitAbs: isOpen ? null : JsonValues.Decimal(trade, "profit_abs"),
            RealizedProfit: JsonValues.Decimal(trade, "realized_profit"),
            FundingFees: JsonValues.Decimal(trade, "funding_fees"),
            OpenOrderId: null,
            StoplossOrderId: null,
            Place: place);
    }

    /// <summary>An order as a backtest keeps it (amount, safe_price, ft_order_side, order_filled_timestamp): filled when it has a fill time.</summary>
    private static FreqtradeOrder Order(JsonElement order, long id, FreqtradeTrade trade, string place)
    {
        var filledAt = Time(order, "order_filled_timestamp", "order_filled_date");
        var amount = JsonValues.Decimal(order, "amount");
        var price = JsonValues.Decimal(order, "safe_price", "average", "price");
        var side = JsonValues.String(order, "ft_order_side")
            ?? (JsonValues.Find(order, "ft_is_entry") is { ValueKind: JsonValueKind.True } ? trade.EntrySide.ToText() : trade.ExitSide.ToText());
        return new FreqtradeOrder(
            id,
            trade.Id,
            side,
            trade.Pair,
            $"{trade.Exchange}-{id}",
            filledAt is null ? "open" : "closed",
            JsonValues.String(order, "order_type"),
            null,
            price,
            price,
            amount,
            filledAt is null ? 0m : amount,
            null,
            filledAt ?? trade.OpenDate,
            filledAt,
            null,
            null,
            place);
    }

    private static DateTimeOffset? Time(JsonElement value, params string[] names)
    {
        foreach (var name in names)
        {
            if (JsonValues.Find(value, name) is { } time && JsonValues.TryTimestamp(time, out var at))
            {
                return at;
            }
        }

        return null;
    }
}
