using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Import.Checks;

namespace Tradebook.Import.Reconciliation;

/// <summary>
/// Compares the profit a bot stored per trade with what Tradebook computes from the imported fills.
/// Pure: reads an <see cref="ImportSet"/>, writes nothing.
/// </summary>
/// <remarks>
/// Fills are replayed per bot and symbol in time order through <see cref="ProductBook"/> (average cost),
/// under the dust threshold the set's own settings give the product (<see cref="DustThreshold.Of"/>),
/// with fees brought into the quote currency by <see cref="FeeConversion"/>; a fee in a third currency
/// without a rate is kept apart, by currency. Each fill's realized P&amp;L goes to the reported trade
/// that lists it; funding cash flows go to the trade they came from (same source reference).
/// </remarks>
public static class Reconciler
{
    /// <summary>Differences up to this are the source's rounding (freqtrade rounds to 8 decimals).</summary>
    public const decimal RoundingTolerance = 0.00000001m;

    public static ReconciliationReport Reconcile(ImportSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var methods = set.Bots.ToDictionary(b => b.Name, b => b.Method);
        var replay = Replay(set, methods);
        var funding = set.CashFlows
            .Where(c => c.Provenance?.SourceRef is not null)
            .GroupBy(c => (c.Bot, Ref: c.Provenance!.SourceRef!))
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Amount));

        var fills = TradeShape.Index(set);
        var rounding = RoundingOf(set.ReportedTrades);

        // A trade that exits beyond its entries leaves a position behind that every later trade of the product inherits.
        var impossibleSince = set.ReportedTrades
            .Where(t => TradeShape.Of(t, fills)?.ExitsBeyondEntries == true)
            .GroupBy(t => (t.Bot, t.Symbol))
            .ToDictionary(g => g.Key, g => g.Min(t => t.OpenedAt));
        var rows = new List<TradeReconciliation>();
        foreach (var trade in set.ReportedTrades)
        {
            var realized = 0m;
            var unconverted = new Dictionary<string, decimal>(StringComparer.Ordinal);
            var net = 0m;
            var inherited = false;
            foreach (var id in trade.FillIds)
            {
                if (!replay.TryGetValue((trade.Bot, id), out var outcome))
                {
                    continue;
                }

                inherited |= net == 0 && outcome.QuantityBefore != 0 && trade.FillIds[0] == id;
                realized += outcome.Realized;
                net += outcome.SignedQuantity;
                if (outcome.UnconvertedCurrency is { } currency)
                {
                    unconverted[currency] = unconverted.GetValueOrDefault(currency) + outcome.UnconvertedFee;
                }
            }

            var tradeFunding = funding.GetValueOrDefault((trade.Bot, trade.SourceRef));
            var computed = realized + tradeFunding;
            var difference = trade.RealizedPnl is { } stored ? computed - stored : (decimal?)null;
            var reason = Explain(set, trade, difference, rounding, tradeFunding, unconverted, net != 0 || inherited, impossibleSince.TryGetValue((trade.Bot, trade.Symbol), out var since) && trade.OpenedAt >= since);
            rows.Add(new TradeReconciliation(trade.Bot, trade.Symbol, trade.SourceRef, trade.IsOpen, trade.RealizedPnl, computed, difference, reason, unconverted));
        }

        var totals = rows.GroupBy(r => r.Bot).Select(g => Total(g.Key, g.ToList())).ToList();
        totals.Add(Total("*", rows));
        return new ReconciliationReport(rows, totals);
    }

    /// <summary>
    /// How far one stored figure may be from the exact one: half a unit of the last decimal place the source keeps
    /// (arena's blob keeps 4, so 0.00005), and never less than <see cref="RoundingTolerance"/>. A source whose figures
    /// carry more places than that did not round them, and gets <see cref="RoundingTolerance"/>.
    /// </summary>
    private static decimal RoundingOf(IReadOnlyList<ReportedTrade> trades)
    {
        var places = trades.Where(t => t.RealizedPnl is not null).Select(t => (int)(t.RealizedPnl!.Value / 1.000000000000000000000000000000000m).Scale).DefaultIfEmpty(28).Max();
        return places >= 8 ? RoundingTolerance : Math.Max(RoundingTolerance, 0.5m / Pow10(places));
    }

    private static decimal Pow10(int places)
    {
        var value = 1m;
        for (var i = 0; i < places; i++)
        {
            value *= 10;
        }

        return value;
    }

    private static DifferenceReason Explain(ImportSet set, ReportedTrade trade, decimal? difference, decimal rounding, decimal funding, Dictionary<string, decimal> unconverted, bool residual, bool exitsBeyondEntries)
    {
        if (difference is not { } diff)
        {
            return trade.IsOpen ? DifferenceReason.None : DifferenceReason.NotStored;
        }

        if (diff == 0)
        {
            return DifferenceReason.None;
        }

        // The source rounds each realized figure it stores (freqtrade: every exit), so rounding grows with the fills.
        var tolerance = rounding * Math.Max(1, trade.FillIds.Count);
        if (Math.Abs(diff) <= tolerance)
        {
            return DifferenceReason.Rounding;
        }

        // Rows that cannot be right explain any figure made from them.
        if (exitsBeyondEntries)
        {
            return DifferenceReason.ExitsBeyondEntries;
        }

        if (unconverted.Count > 0)
        {
            return DifferenceReason.FeeNotConverted;
        }

        if (!trade.IsOpen && ReconciliationHints.HasNullCloseRate(set, trade.SourceRef))
        {
            return DifferenceReason.NullCloseRate;
        }

        if (!trade.IsOpen && ReconciliationHints.HasCloseRateDiffers(set, trade.SourceRef))
        {
            return DifferenceReason.CloseRateDiffers;
        }

        if (!trade.IsOpen && ReconciliationHints.HasFeeRateDiffers(set, trade.SourceRef))
        {
            return DifferenceReason.FeeRateDiffers;
        }

        if (funding != 0 && (Math.Abs(diff - funding) <= tolerance || Math.Abs(diff + funding) <= tolerance))
        {
            return DifferenceReason.Funding;
        }

        if (trade.IsOpen && trade.RealizedPnl is not null and not 0)
        {
            return DifferenceReason.OpenTradeWithRealizedProfit;
        }

        // Quantity left over by this trade's fills, or inherited from an earlier trade of the symbol, shifts the average cost.
        if (residual)
        {
            return DifferenceReason.ResidualQuantity;
        }

        return DifferenceReason.Unknown;
    }

    private static ReconciliationTotal Total(string bot, List<TradeReconciliation> rows)
    {
        var stored = rows.Where(r => r.Stored is not null).ToList();
        var unconverted = rows.SelectMany(r => r.UnconvertedFees)
            .GroupBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);
        return new ReconciliationTotal(
            bot,
            rows.Count,
            stored.Sum(r => r.Stored!.Value),
            stored.Sum(r => r.Computed),
            stored.Sum(r => r.Difference!.Value),
            rows.Count(r => r.Reason is not DifferenceReason.None and not DifferenceReason.Rounding),
            rows.Where(r => r.Reason == DifferenceReason.Unknown).Sum(r => r.Difference ?? 0),
            rows.GroupBy(r => r.Reason).ToDictionary(g => g.Key, g => g.Count()),
            unconverted);
    }

    private readonly record struct FillResult(decimal Realized, decimal SignedQuantity, decimal UnconvertedFee, string? UnconvertedCurrency, decimal QuantityBefore);

    /// <summary>Replays every bot's fills per symbol in time order; returns what each fill realized.</summary>
    private static Dictionary<(string Bot, string Id), FillResult> Replay(ImportSet set, Dictionary<string, CostBasisMethod> methods)
    {
        var results = new Dictionary<(string, string), FillResult>();
        foreach (var group in set.Fills.GroupBy(f => (f.Bot, f.Symbol)))
        {
            var symbol = Symbol.Parse(group.Key.Symbol);
            var book = ProductBook.Empty(methods.GetValueOrDefault(group.Key.Bot, CostBasisMethod.Average), DustThreshold.Of(set.Settings, group.Key.Bot, symbol.Text));
            foreach (var fill in group.OrderBy(f => f.Timestamp).ThenBy(f => f.Id, StringComparer.Ordinal))
            {
                if (fill.Quantity <= 0)
                {
                    continue;
                }

                var fee = FeeConversion.ToQuote(fill.Fee, fill.FeeCurrency, fill.FeeRate, symbol.Base, symbol.Quote, fill.Price);
                var before = book.Quantity;
                var outcome = book.Apply(new TradeFill(fill.Side, fill.Quantity, fill.Price, fee.QuoteAmount));
                book = outcome.Book;
                var signed = fill.Side == Side.Buy ? fill.Quantity : -fill.Quantity;
                results[(fill.Bot, fill.Id)] = new FillResult(outcome.RealizedPnl, signed, fee.UnconvertedAmount, fee.UnconvertedCurrency, before);
            }
        }

        return results;
    }
}
