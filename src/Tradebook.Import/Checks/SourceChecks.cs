using System.Globalization;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Checks;

/// <summary>
/// Finds the rows of a source that cannot all be right: trades that exit more than they entered, spot sells of
/// coins the source never shows bought, fills at price zero or of no quantity, quantities a million times a
/// product's usual size, times outside the years trading records name. Pure: it names rows, it changes nothing. Problems a reader already named with their
/// cause (<see cref="ImportSet.Problems"/>) are kept as the reader worded them.
/// </summary>
public static class SourceChecks
{
    /// <summary>References listed per problem; the count is always complete.</summary>
    public const int MaxReferences = 100;

    /// <summary>A fill this many times a product's median quantity is taken for a unit or scaling error.</summary>
    public const decimal OutlierFactor = 1_000_000m;

    /// <summary>Fewer fills than this give no usual size to compare with.</summary>
    private const int OutlierMinimumFills = 5;

    /// <summary>Checks a source read whole: its fills are all in <see cref="ImportSet.Fills"/>.</summary>
    public static IReadOnlyList<SourceProblem> Run(ImportSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return Run(set, null, null);
    }

    /// <summary>
    /// Checks a source whose fills were streamed: <paramref name="tally"/> took every fill as it was read, and
    /// <paramref name="spill"/> gives a product's fills again when a figure needs them.
    /// </summary>
    /// <param name="trades">The stored trades streamed with the fills, checked as they came; null when the source stored none.</param>
    internal static IReadOnlyList<SourceProblem> Run(ImportSet set, SourceCheckTally? tally, Writing.FillSpill? spill, TradeTally? trades = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        var problems = set.Problems.DistinctBy(p => (p.Kind, p.Bot, p.Symbol)).ToList();
        var named = problems.Select(p => (p.Kind, p.Bot, p.Symbol)).ToHashSet();
        void Add(SourceProblem problem)
        {
            if (named.Add((problem.Kind, problem.Bot, problem.Symbol)))
            {
                problems.Add(problem);
            }
        }

        var inTrades = Trades(set, Add);
        foreach (var problem in trades?.Problems() ?? [])
        {
            Add(problem);
        }

        if (tally is null)
        {
            tally = new SourceCheckTally();
            foreach (var fill in set.Fills)
            {
                tally.Add(fill, inTrades.Count == 0 || !inTrades.Contains((fill.Bot, fill.Id)));
            }
        }

        // Read again only when a figure needs a product's fills: out of market order, or a quantity far from the rest.
        IEnumerable<FillRecord> Again(string bot, string symbol, bool marketOrder)
        {
            if (spill is not null)
            {
                return spill.OfProduct(bot, symbol, marketOrder);
            }

            var fills = set.Fills.Where(f => f.Bot == bot && f.Symbol == symbol);
            return marketOrder
                ? fills.Where(f => !inTrades.Contains((f.Bot, f.Id))).OrderBy(f => f.Timestamp).ThenBy(f => f.Id, StringComparer.Ordinal)
                : fills;
        }

        var exchanges = set.Bots.GroupBy(b => b.Name).ToDictionary(g => g.Key, g => g.First().Exchange, StringComparer.Ordinal);
        foreach (var ((bot, symbol), product) in tally.Products)
        {
            if (IsSpot(symbol, exchanges.GetValueOrDefault(bot)))
            {
                Position(bot, symbol, product, () => Again(bot, symbol, marketOrder: true), Add);
            }

            Values(bot, symbol, product, () => Again(bot, symbol, marketOrder: false), Add);
        }

        return problems
            .OrderBy(p => p.Kind)
            .ThenBy(p => p.Bot, StringComparer.Ordinal)
            .ThenBy(p => p.Symbol, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Trades the source stored: exits beyond entries. Returns the fills that belong to a stored trade.</summary>
    private static HashSet<(string Bot, string Id)> Trades(ImportSet set, Action<SourceProblem> add)
    {
        var inTrades = new HashSet<(string, string)>();
        if (set.ReportedTrades.Count == 0)
        {
            return inTrades;
        }

        var index = TradeShape.Index(set);
        var trades = new TradeTally();
        foreach (var trade in set.ReportedTrades)
        {
            foreach (var id in trade.FillIds)
            {
                inTrades.Add((trade.Bot, id));
            }

            trades.Add(trade, TradeShape.Of(trade, index));
        }

        foreach (var problem in trades.Problems())
        {
            add(problem);
        }

        return inTrades;
    }

    /// <summary>Fills outside stored trades: spot sells that take a position below zero.</summary>
    private static void Position(string bot, string symbol, ProductCheck product, Func<IEnumerable<FillRecord>> inMarketOrder, Action<SourceProblem> add)
    {
        if (!product.InMarketOrder)
        {
            product.ResetPosition();
            foreach (var fill in inMarketOrder())
            {
                product.Apply(fill);
            }
        }

        var offending = product.BelowZero;
        if (offending.Count > 0)
        {
            add(new SourceProblem(
                SourceProblemKind.SoldMoreThanHeld, bot, symbol, offending.Count, [.. offending.References],
                Invariant($"{Count(offending.Count, "sell")} take the position below zero (lowest {DecimalText.Plain(product.Lowest)}, first {offending.First}): ")
                + "a spot account cannot sell what it does not hold, so rows are missing or the coins were held before the data starts; "
                + "Tradebook records the excess as a short position"));
        }
    }

    /// <summary>Prices and quantities that cannot be right.</summary>
    private static void Values(string bot, string symbol, ProductCheck product, Func<IEnumerable<FillRecord>> inSourceOrder, Action<SourceProblem> add)
    {
        if (product.ZeroPrice is { Count: > 0 } zeroPrice)
        {
            add(new SourceProblem(
                SourceProblemKind.ZeroPrice, bot, symbol, zeroPrice.Count, [.. zeroPrice.References],
                $"{Count(zeroPrice.Count, "fill")} at price 0 (first {zeroPrice.First}): the source holds no price for "
                + $"{(zeroPrice.Count == 1 ? "it" : "them")}, and P&L computed from {(zeroPrice.Count == 1 ? "it" : "them")} counts the coins as free"));
        }

        if (product.ZeroQuantity is { Count: > 0 } zeroQuantity)
        {
            add(new SourceProblem(
                SourceProblemKind.ZeroQuantity, bot, symbol, zeroQuantity.Count, [.. zeroQuantity.References],
                $"{Count(zeroQuantity.Count, "fill")} of quantity 0 (first {zeroQuantity.First}): an execution of nothing"));
        }

        if (product.ImplausibleTime is { Count: > 0 } implausibleTime)
        {
            add(new SourceProblem(
                SourceProblemKind.ImplausibleTime, bot, symbol, implausibleTime.Count, [.. implausibleTime.References],
                $"{Count(implausibleTime.Count, "fill")} dated outside the years {TradingTime.Years} (first {implausibleTime.First}, at "
                + $"{product.FirstImplausibleTime!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}): a time the source never set "
                + "(0001-01-01 is the zero time of .NET and Go) or a unit slip; recorded at that time, it sits at one end of the bot's history and of its daily P&L"));
        }

        if (product.Sized < OutlierMinimumFills)
        {
            return;
        }

        var median = Median(product, inSourceOrder);
        if (product.QuantitiesKept && !product.Quantities.Any(q => q.Key / OutlierFactor >= median))
        {
            return;
        }

        // Some fill is far above the median: the source is read again for their references, in its order.
        var huge = new ProductCheck.Listed();
        var largest = 0m;
        foreach (var fill in inSourceOrder().Where(f => f.Quantity / OutlierFactor >= median))
        {
            huge.Add(Reference(fill));
            largest = Math.Max(largest, fill.Quantity);
        }

        if (huge.Count > 0)
        {
            add(new SourceProblem(
                SourceProblemKind.ImplausibleQuantity, bot, symbol, huge.Count, [.. huge.References],
                Invariant($"{Count(huge.Count, "fill")} of a million times the product's median quantity {DecimalText.Plain(median)} or more ")
                + Invariant($"(largest {DecimalText.Plain(largest)}, first {huge.First}): a unit or scaling error in the source")));
        }
    }

    /// <summary>
    /// The upper median of the positive quantities: from the distinct quantities kept, else from the product's
    /// quantities read again (one product's, not the source's).
    /// </summary>
    private static decimal Median(ProductCheck product, Func<IEnumerable<FillRecord>> inSourceOrder)
    {
        if (!product.QuantitiesKept)
        {
            var sized = inSourceOrder().Where(f => f.Quantity > 0).Select(f => f.Quantity).ToArray();
            Array.Sort(sized);
            return sized[sized.Length / 2];
        }

        var seen = 0;
        foreach (var (quantity, count) in product.Quantities)
        {
            seen += count;
            if (seen > product.Sized / 2)
            {
                return quantity;
            }
        }

        throw new InvalidOperationException("the quantities counted do not add up to the fills counted");
    }

    private static bool IsSpot(string symbol, string? exchange)
    {
        if (exchange is not null && (exchange.Contains("perpetual", StringComparison.OrdinalIgnoreCase)
            || exchange.Contains("future", StringComparison.OrdinalIgnoreCase) || exchange.Contains("swap", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return string.IsNullOrWhiteSpace(symbol) || Tradebook.Core.Domain.Symbol.Parse(symbol).Kind == InstrumentKind.Spot;
    }

    /// <summary>Where a fill is in its source: its provenance, else its id.</summary>
    public static string Reference(FillRecord fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        return fill.Provenance?.SourceRef ?? $"fill {fill.Id}";
    }

    /// <summary>The references a problem lists: distinct, at most <see cref="MaxReferences"/>.</summary>
    public static List<string> Capped(IEnumerable<string> references) => references.Distinct(StringComparer.Ordinal).Take(MaxReferences).ToList();

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
