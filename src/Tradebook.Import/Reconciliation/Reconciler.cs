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

    /// <summary>Reconciles a source read whole: its fills and reported trades are in <paramref name="set"/>.</summary>
    public static ReconciliationReport Reconcile(ImportSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var results = new Dictionary<(string, string), FillResult>();
        var byProduct = set.Fills.GroupBy(f => (f.Bot, f.Symbol)).SelectMany(g => g.OrderBy(f => f.Timestamp).ThenBy(f => f.Id, StringComparer.Ordinal));
        Replay(set, byProduct, (fill, result) => results[(fill.Bot, fill.Id)] = result);

        var fills = TradeShape.Index(set);
        var trades = new TradeTally();
        foreach (var trade in set.ReportedTrades)
        {
            trades.Add(trade, TradeShape.Of(trade, fills));
        }

        var places = set.ReportedTrades.Where(t => t.RealizedPnl is not null).Select(t => PlacesOf(t.RealizedPnl!.Value)).DefaultIfEmpty(28).Max();
        var withResults = set.ReportedTrades.Select(t => (t, (IReadOnlyList<FillResult?>)t.FillIds.Select(id => results.TryGetValue((t.Bot, id), out var r) ? r : (FillResult?)null).ToList()));
        return Evaluate(set, withResults, RoundingOf(places), trades.ImpossibleSince);
    }

    /// <summary>
    /// Reconciles a source whose fills and reported trades were streamed: the fills are replayed from
    /// <paramref name="fills"/> product by product, their results kept in <paramref name="trades"/>, and each trade
    /// is then read back with its fills' results; <paramref name="shapes"/> saw every trade as it was read.
    /// </summary>
    internal static ReconciliationReport Reconcile(ImportSet set, Writing.FillSpill fills, TradeSpill trades, TradeTally shapes)
    {
        ArgumentNullException.ThrowIfNull(set);
        Replay(set, fills.ByProductInMarketOrder(), (fill, result) => trades.AddResult(fill.Bot, fill.Id, result));
        return Evaluate(set, trades.WithResults(), RoundingOf(trades.StoredPlaces < 0 ? 28 : trades.StoredPlaces), shapes.ImpossibleSince);
    }

    /// <summary>The decimal places of a stored figure, trailing zeros aside.</summary>
    internal static int PlacesOf(decimal figure) => (figure / 1.000000000000000000000000000000000m).Scale;

    private static ReconciliationReport Evaluate(
        ImportSet set,
        IEnumerable<(ReportedTrade Trade, IReadOnlyList<FillResult?> Results)> trades,
        decimal rounding,
        IReadOnlyDictionary<(string Bot, string Symbol), DateTimeOffset> impossibleSince)
    {
        var funding = set.CashFlows
            .Where(c => c.Provenance?.SourceRef is not null)
            .GroupBy(c => (c.Bot, Ref: c.Provenance!.SourceRef!))
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Amount));
        var hints = ReconciliationHints.Index(set);
        var tally = new ReconciliationTally();
        foreach (var (trade, results) in trades)
        {
            var realized = 0m;
            var unconverted = new Dictionary<string, decimal>(StringComparer.Ordinal);
            var net = 0m;
            var inherited = false;
            for (var i = 0; i < results.Count; i++)
            {
                if (results[i] is not { } outcome)
                {
                    continue;
                }

                // Quantity already open when the trade's first fill came: an earlier trade of the symbol left it.
                inherited |= net == 0 && outcome.QuantityBefore != 0 && trade.FillIds[0] == trade.FillIds[i];
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
            var reason = Explain(hints, trade, difference, rounding, tradeFunding, unconverted, net != 0 || inherited, impossibleSince.TryGetValue((trade.Bot, trade.Symbol), out var since) && trade.OpenedAt >= since);
            tally.Add(new TradeReconciliation(trade.Bot, trade.Symbol, trade.SourceRef, trade.IsOpen, trade.RealizedPnl, computed, difference, reason, unconverted));
        }

        return tally.Report();
    }

    /// <summary>
    /// How far one stored figure may be from the exact one: half a unit of the last decimal place the source keeps
    /// (arena's blob keeps 4, so 0.00005), and never less than <see cref="RoundingTolerance"/>. A source whose figures
    /// carry more places than that did not round them, and gets <see cref="RoundingTolerance"/>.
    /// </summary>
    private static decimal RoundingOf(int places) =>
        places >= 8 ? RoundingTolerance : Math.Max(RoundingTolerance, 0.5m / Pow10(places));

    private static decimal Pow10(int places)
    {
        var value = 1m;
        for (var i = 0; i < places; i++)
        {
            value *= 10;
        }

        return value;
    }

    private static DifferenceReason Explain(ReconciliationHints.Found hints, ReportedTrade trade, decimal? difference, decimal rounding, decimal funding, Dictionary<string, decimal> unconverted, bool residual, bool exitsBeyondEntries)
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

        if (!trade.IsOpen && hints.NullCloseRate.Contains(trade.SourceRef))
        {
            return DifferenceReason.NullCloseRate;
        }

        if (!trade.IsOpen && hints.CloseRateDiffers.Contains(trade.SourceRef))
        {
            return DifferenceReason.CloseRateDiffers;
        }

        if (!trade.IsOpen && hints.FeeRateDiffers.Contains(trade.SourceRef))
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

    /// <summary>Replays fills that come product by product, each product's in market order; tells what each fill realized.</summary>
    private static void Replay(ImportSet set, IEnumerable<FillRecord> byProduct, Action<FillRecord, FillResult> result)
    {
        var methods = set.Bots.ToDictionary(b => b.Name, b => b.Method);
        (string Bot, string Symbol)? current = null;
        Symbol? symbol = null;
        ProductBook? book = null;
        foreach (var fill in byProduct)
        {
            if (current != (fill.Bot, fill.Symbol))
            {
                current = (fill.Bot, fill.Symbol);
                symbol = Symbol.Parse(fill.Symbol);
                book = ProductBook.Empty(methods.GetValueOrDefault(fill.Bot, CostBasisMethod.Average), DustThreshold.Of(set.Settings, fill.Bot, symbol.Text));
            }

            if (fill.Quantity <= 0)
            {
                continue;
            }

            var fee = FeeConversion.ToQuote(fill.Fee, fill.FeeCurrency, fill.FeeRate, symbol!.Base, symbol.Quote, fill.Price);
            var before = book!.Quantity;
            var outcome = book.Apply(new TradeFill(fill.Side, fill.Quantity, fill.Price, fee.QuoteAmount));
            book = outcome.Book;
            var signed = fill.Side == Side.Buy ? fill.Quantity : -fill.Quantity;
            result(fill, new FillResult(outcome.RealizedPnl, signed, fee.UnconvertedAmount, fee.UnconvertedCurrency, before));
        }
    }
}
