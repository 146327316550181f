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
    /// <summary>The last second a time can name (9999-12-31), past which a run's start is not a time.</summary>
    private const decimal LastSecond = 253_402_300_799m;

    private readonly List<(FreqtradeTrade Trade, List<FreqtradeOrder> Orders)> _trades = [];
    private readonly Dictionary<(string Strategy, string Exchange), string?> _groups = [];

    /// <param name="strategies">The result's <c>strategy</c> object: each strategy's name and its results.</param>
    /// <param name="run">What names a run when its results do not say when it ran: the file's name (<c>backtest-result-…</c>).</param>
    public FreqtradeBacktestRows(JsonElement strategies, string run, ImportSet set)
    {
        long tradeId = 0, orderId = 0;
        foreach (var strategy in strategies.EnumerateObject())
        {
            if (strategy.Value.ValueKind != JsonValueKind.Object || !strategy.Value.TryGetProperty("trades", out var trades) || trades.ValueKind != JsonValueKind.Array)
            {
                set.Warnings.Add($"Strategy {strategy.Name} of the result has no list of trades; it is not imported.");
                continue;
            }

            var results = strategy.Value;
            var label = JsonValues.Decimal(results, "backtest_run_start_ts") is { } started && started > 0 && started < LastSecond
                ? "backtest-" + DateTimeOffset.FromUnixTimeSeconds((long)started).ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)
                : run.StartsWith("backtest", StringComparison.OrdinalIgnoreCase) ? run : "backtest-" + run;
            var group = (strategy.Name, label);
            _groups[group] = JsonValues.String(results, "exchange");
            var stake = JsonValues.String(results, "stake_currency");
            var index = 0;
            foreach (var trade in trades.EnumerateArray())
            {
                var place = $"{strategy.Name}.trades[{index++}]";
                if (Trade(trade, ++tradeId, strategy.Name, label, stake, place, out var problem) is not { } row)
                {
                    set.Rejections.Add(new Rejection(place, problem!));
                    continue;
                }

                var orders = new List<FreqtradeOrder>();
                if (trade.TryGetProperty("orders", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    var k = 0;
                    foreach (var order in list.EnumerateArray())
                    {
                        var where = $"{place}.orders[{k++}]";
                        if (Order(order, ++orderId, row, where) is { } read)
                        {
                            orders.Add(read);
                        }
                        else
                        {
                            set.Rejections.Add(new Rejection(where, "order that is not an object with an amount above 0 and a price, each at most 10^20"));
                        }
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

    private static FreqtradeTrade? Trade(JsonElement trade, long id, string strategy, string label, string? stake, string place, out string? problem)
    {
        problem = "trade without a pair, an open time, an amount or an open rate";
        if (trade.ValueKind != JsonValueKind.Object)
        {
            problem = "trade that is not an object";
            return null;
        }

        var pair = JsonValues.String(trade, "pair");
        var opened = Time(trade, "open_timestamp", "open_date");
        var amount = JsonValues.Decimal(trade, "amount");
        var openRate = JsonValues.Decimal(trade, "open_rate");
        if (string.IsNullOrWhiteSpace(pair) || opened is null || amount is not > 0 || openRate is not > 0)
        {
            return null;
        }

        var closeRate = JsonValues.Decimal(trade, "close_rate");
        if (!AmountLimits.Within(amount.Value, openRate) || !AmountLimits.Within(amount.Value, closeRate) || closeRate < 0)
        {
            problem = "trade whose amount, rates or value are out of range (negative, or above 10^20)";
            return null;
        }

        if (Rate(trade, "fee_open") is not { } feeOpen || Rate(trade, "fee_close") is not { } feeClose)
        {
            problem = "trade whose fee_open or fee_close is not a rate from 0 to 1";
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
            closeRate,
            opened.Value,
            isOpen ? null : Time(trade, "close_timestamp", "close_date"),
            feeOpen,
            feeClose,
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

    /// <summary>
    /// An order as a backtest keeps it (amount, safe_price, ft_order_side, order_filled_timestamp): filled when it has a
    /// fill time; null when it has no amount or price to be one.
    /// </summary>
    private static FreqtradeOrder? Order(JsonElement order, long id, FreqtradeTrade trade, string place)
    {
        if (order.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var filledAt = Time(order, "order_filled_timestamp", "order_filled_date");
        var amount = JsonValues.Decimal(order, "amount");
        var price = JsonValues.Decimal(order, "safe_price", "average", "price");
        if (amount is not > 0 || price is not >= 0 || !AmountLimits.Within(amount.Value, price))
        {
            return null;
        }

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

    /// <summary>A fee rate from 0 to 1; 0 when the trade has none; null when it is something else.</summary>
    private static decimal? Rate(JsonElement trade, string name) =>
        JsonValues.Find(trade, name) is not { } given || given.ValueKind == JsonValueKind.Null ? 0m
        : JsonValues.TryDecimal(given, out var rate) && rate is >= 0 and <= 1 ? rate
        : null;

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
