using Tradebook.Core.Domain;
using Tradebook.Import.Reconciliation;

namespace Tradebook.Import.Sources.Freqtrade;

/// <summary>
/// The work of one read of a freqtrade bot, from its database or a backtest's result (<see cref="IFreqtradeRows"/>):
/// one bot per strategy and exchange; orders; fills from the filled quantity of each order (or made from the trade
/// row when no order was stored); funding as cash flows; and each trade's stored profit as a
/// <see cref="ReportedTrade"/> for reconciliation.
/// </summary>
internal sealed class FreqtradeMapping(ImportSet set, Writing.FillStream? stream, string source, ImportOptions options, IFreqtradeRows rows)
{
    private readonly Dictionary<(string Strategy, string Exchange), string> _botNames = [];
    private HashSet<(string Strategy, string Exchange, string OrderId)> _repeatedOrderIds = [];
    private bool _dryRun;

    public void Run()
    {
        var mode = DecideMode();
        var groups = rows.Groups().OrderBy(g => g.Strategy, StringComparer.Ordinal).ThenBy(g => g.Exchange, StringComparer.Ordinal).ToList();
        foreach (var group in groups)
        {
            var name = options.BotName is { Length: > 0 } given
                ? groups.Count == 1 ? given : $"{given}/{group.Strategy}@{group.Exchange}"
                : $"freqtrade/{group.Strategy}@{group.Exchange}";
            _botNames[group] = name;
            set.Bots.Add(new BotSpec(name, mode, CostBasisMethod.Average, rows.ExchangeOf(group), group.Strategy));
        }

        _repeatedOrderIds = rows.RepeatedOrderIds();

        // The amount steps decide how the fills are accounted, so they are known, and written, before any fill.
        var steps = new FreqtradeAmountSteps();
        foreach (var (trade, orders) in rows.TradesWithOrders())
        {
            steps.Add(BotOf(trade), trade, orders);
        }

        set.Settings.AddRange(steps.Settings());
        foreach (var (trade, orders) in rows.TradesWithOrders())
        {
            MapTrade(trade, orders);
        }

        // A trades table trimmed away leaves every order an orphan: the warnings name the first ones and count the rest.
        var orphanWarnings = new RowWarnings(set.Warnings);
        foreach (var orphan in rows.OrphanOrders())
        {
            orphanWarnings.Add("orders of no stored trade", $"{orphan.SourceRef}: order of no stored trade (ft_trade_id={orphan.TradeId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "NULL"}); not imported");
            set.Rejections.Add(new Rejection(orphan.SourceRef, "order belongs to no stored trade, so its bot and direction are unknown"));
        }

        orphanWarnings.Finish();
    }

    /// <summary>
    /// Mode rule: a mode given in the options is used as given, then the source's own (a backtest). Otherwise the
    /// content decides: freqtrade names simulated orders <c>dry_run_…</c>, and a dry-run bot writes its own database,
    /// so one such id anywhere makes the whole database a paper bot. A database with no order id at
    /// all (2020 schema) cannot tell, and is taken as live.
    /// </summary>
    private BotMode DecideMode()
    {
        var dryRun = rows.AnyDryRunId();
        _dryRun = dryRun;
        if (options.Mode is { } forced)
        {
            return forced;
        }

        if (rows.Mode is { } shown)
        {
            return shown;
        }

        if (dryRun)
        {
            return BotMode.Paper;
        }

        if (rows.CountOrders() == 0)
        {
            set.Warnings.Add("No order ids are stored, so dry-run cannot be told from live; the bot is imported as live unless a mode is given.");
        }

        return BotMode.Live;
    }

    private void AddFill(FillRecord fill)
    {
        // freqtrade's fill ids are made from unique order ids or row ids: a repeat is kept for the end, as read.
        if (stream?.Add(fill, set, inTrade: true) is not null || stream is null)
        {
            set.Fills.Add(fill);
        }
    }

    private void AddOrder(OrderRecord order)
    {
        if (stream is null)
        {
            set.Orders.Add(order);
            return;
        }

        stream.Add(order, set);
    }

    private string BotOf(FreqtradeTrade trade) => _botNames[(trade.Strategy ?? "unknown", trade.Exchange)];

    /// <summary>Exchange order ids are unique per market, not per bot; repeated ones fall back to the row id.</summary>
    private string OrderIdOf(FreqtradeTrade trade, FreqtradeOrder order) =>
        _repeatedOrderIds.Contains((trade.Strategy ?? "unknown", trade.Exchange, order.OrderId)) ? order.SourceRef : order.OrderId;

    private Provenance Prov(string sourceRef) => new(source, sourceRef);

    private void MapTrade(FreqtradeTrade trade, List<FreqtradeOrder> tradeOrders)
    {
        var bot = BotOf(trade);
        var symbol = Symbol.Parse(trade.Pair);
        var quote = (trade.StakeCurrency ?? symbol.Quote).ToUpperInvariant();
        var baseCurrency = symbol.Base;
        var tradeFills = new List<FillRecord>();

        if (!trade.IsOpen && trade.CloseRate is null)
        {
            set.Warnings.Add(ReconciliationHints.NullCloseRate(trade.SourceRef));
        }

        var filled = new List<(FreqtradeOrder Order, bool IsEntry)>();
        foreach (var order in tradeOrders)
        {
            var isEntry = IsEntry(trade, order);
            var orderId = OrderIdOf(trade, order);
            var side = isEntry ? trade.EntrySide : trade.ExitSide;
            AddOrder(new OrderRecord(
                bot,
                orderId,
                trade.Pair,
                side,
                order.OrderType ?? (order.FtOrderSide == "stoploss" ? "stoploss" : "unknown"),
                order.Amount ?? order.FilledQuantity,
                order.Price,
                order.Status ?? "unknown",
                order.OrderDate ?? order.FillTime ?? trade.OpenDate,
                order.OrderId.Length == 0 ? null : order.OrderId,
                Provenance: Prov(order.SourceRef)));
            if (order.FilledQuantity > 0)
            {
                filled.Add((order, isEntry));
            }
        }

        var entries = filled.Count(f => f.IsEntry);
        var exits = filled.Count - entries;
        var exitFills = new List<FillRecord>();
        foreach (var (order, isEntry) in filled)
        {
            if (order.FillPrice is not { } price)
            {
                set.Rejections.Add(new Rejection(order.SourceRef, "filled order without a price, average or cost"));
                continue;
            }

            var quantity = order.FilledQuantity;
            var onlyFillOnSide = isEntry ? entries == 1 : exits == 1;
            var fee = FreqtradeFees.ForFill(trade, isEntry, onlyFillOnSide, _dryRun, quantity, price, order.FeeBase, baseCurrency, quote);
            quantity = FreqtradeFees.Received(trade, isEntry, onlyFillOnSide, quantity, fee, order.FeeBase, baseCurrency);
            var orderId = OrderIdOf(trade, order);
            var fillId = $"{orderId}:fill";
            var made = new FillRecord(
                bot,
                fillId,
                trade.Pair,
                isEntry ? trade.EntrySide : trade.ExitSide,
                quantity,
                price,
                fee.Amount,
                fee.Currency,
                order.FillTime ?? trade.OpenDate,
                orderId,
                Provenance: Prov(order.SourceRef));
            AddFill(made);
            tradeFills.Add(made);
            if (!isEntry)
            {
                exitFills.Add(made);
            }
        }

        if (filled.Count == 0)
        {
            SynthesizeFills(trade, bot, quote, tradeFills);
        }

        if (!trade.IsOpen && exitFills.Count == 1)
        {
            NoteProfitBasis(trade, exitFills[0], quote);
        }

        if (trade.FundingFees is { } funding && funding != 0)
        {
            set.CashFlows.Add(new CashFlowRecord(
                bot,
                $"{trade.SourceRef}:funding",
                CashFlowKind.Funding,
                funding,
                quote,
                trade.CloseDate ?? trade.OpenDate,
                trade.Pair,
                Prov(trade.SourceRef)));
        }

        var reported = new ReportedTrade(
            bot,
            trade.Pair,
            trade.SourceRef,
            trade.OpenDate,
            trade.CloseDate,
            trade.IsOpen,
            trade.IsOpen ? trade.RealizedProfit : trade.CloseProfitAbs,
            [.. tradeFills.Select(f => f.Id)]);
        if (stream is null)
        {
            set.ReportedTrades.Add(reported);
        }
        else
        {
            stream.AddTrade(reported, tradeFills);
        }
    }

    /// <summary>
    /// A closed trade's stored profit is freqtrade's formula over the trade row: close_rate and the fee rate
    /// fee_close. When its only exit fill was made at another price, or was charged another fee than that rate
    /// gives, the stored profit cannot equal what the fills realized; the reconciliation says which.
    /// </summary>
    private void NoteProfitBasis(FreqtradeTrade trade, FillRecord exit, string quote)
    {
        if (trade.CloseRate is { } rate && rate != exit.Price)
        {
            set.Warnings.Add(ReconciliationHints.CloseRateDiffers(trade.SourceRef, rate, exit.Price));
            return;
        }

        // Half a unit of the 8th place: the exchanges' and freqtrade's rounding of a fee.
        var charged = trade.FeeCloseRate * exit.Quantity * exit.Price;
        if (trade.FeeCloseCost is { } stored && exit.Fee == stored && string.Equals(exit.FeeCurrency, quote, StringComparison.OrdinalIgnoreCase)
            && Math.Abs(charged - stored) > 0.000000005m)
        {
            set.Warnings.Add(ReconciliationHints.FeeRateDiffers(trade.SourceRef, Math.Round(charged, 12), stored, quote));
        }
    }

    /// <summary>
    /// Entry when freqtrade's own side column says the trade's entry side; <c>stoploss</c> and the
    /// opposite side are exits. Shorts enter with <c>sell</c>.
    /// </summary>
    private static bool IsEntry(FreqtradeTrade trade, FreqtradeOrder order) =>
        EnumText.TryParse<Side>(order.FtOrderSide, out var side) && side == trade.EntrySide;

    /// <summary>
    /// No order stored (2020 schema, or a trade whose orders were never filled): the trade row is the
    /// only evidence. Entry at open_rate for amount at open_date; exit at close_rate at close_date.
    /// Fee: the stored cost with its currency when present, otherwise rate × notional in the quote currency.
    /// </summary>
    private void SynthesizeFills(FreqtradeTrade trade, string bot, string quote, List<FillRecord> tradeFills)
    {
        if (trade.Amount is not > 0 || trade.OpenRate is not > 0)
        {
            set.Rejections.Add(new Rejection(trade.SourceRef, "trade without filled orders and without amount or open_rate: no fill can be made"));
            return;
        }

        var amount = trade.Amount.Value;
        var baseCurrency = Symbol.Parse(trade.Pair).Base;
        var entryFee = FreqtradeFees.ForFill(trade, isEntry: true, onlyFillOnSide: true, _dryRun, amount, trade.OpenRate.Value, null, baseCurrency, quote);
        var entryId = $"{trade.SourceRef}:entry";
        var entry = new FillRecord(bot, entryId, trade.Pair, trade.EntrySide, amount, trade.OpenRate.Value, entryFee.Amount, entryFee.Currency, trade.OpenDate, Provenance: Prov(trade.SourceRef));
        AddFill(entry);
        tradeFills.Add(entry);

        if (trade.IsOpen)
        {
            return;
        }

        if (trade.CloseRate is not > 0 || trade.CloseDate is null)
        {
            set.Rejections.Add(new Rejection(trade.SourceRef, "closed trade without close_rate or close_date and without orders: its exit cannot be made"));
            return;
        }

        var exitFee = FreqtradeFees.ForFill(trade, isEntry: false, onlyFillOnSide: true, _dryRun, amount, trade.CloseRate.Value, null, baseCurrency, quote);
        var exitId = $"{trade.SourceRef}:exit";
        var exit = new FillRecord(bot, exitId, trade.Pair, trade.ExitSide, amount, trade.CloseRate.Value, exitFee.Amount, exitFee.Currency, trade.CloseDate.Value, Provenance: Prov(trade.SourceRef));
        AddFill(exit);
        tradeFills.Add(exit);
    }
}
