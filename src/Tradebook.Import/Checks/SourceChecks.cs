using System.Globalization;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Checks;

/// <summary>
/// Finds the rows of a source that cannot all be right: trades that exit more than they entered, spot sells of
/// coins the source never shows bought, fills at price zero or of no quantity, quantities a million times a
/// product's usual size. Pure: it names rows, it changes nothing. Problems a reader already named with their
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

    public static IReadOnlyList<SourceProblem> Run(ImportSet set)
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
        var products = Products(set);
        Positions(set, products, inTrades, Add);
        Values(products, Add);
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
        foreach (var group in set.ReportedTrades.GroupBy(t => (t.Bot, t.Symbol)))
        {
            var references = new List<string>();
            var details = new List<string>();
            var rows = 0;
            foreach (var trade in group)
            {
                foreach (var id in trade.FillIds)
                {
                    inTrades.Add((trade.Bot, id));
                }

                if (TradeShape.Of(trade, index) is not { ExitsBeyondEntries: true } shape)
                {
                    continue;
                }

                rows += shape.Exits.Count;
                references.Add(trade.SourceRef);
                references.AddRange(shape.Exits.Select(Reference));
                details.Add(Invariant($"{trade.SourceRef} {(shape.EntrySide == Side.Buy ? "bought" : "sold")} {DecimalText.Plain(shape.Entered)} and exited {DecimalText.Plain(shape.Exited)} in {shape.Exits.Count} fills"));
            }

            if (details.Count > 0)
            {
                add(new SourceProblem(
                    SourceProblemKind.ExitsBeyondEntries, group.Key.Bot, group.Key.Symbol, rows, Capped(references),
                    $"{Count(details.Count, "trade")} {(details.Count == 1 ? "exits more than it" : "exit more than they")} entered ({Listed(details)}); "
                    + "the excess opens a position the source never had, so P&L computed from these rows is not what the bot made"));
            }
        }

        return inTrades;
    }

    /// <summary>The fills of each bot and product, in the order the source lists them; one pass over a large source.</summary>
    private static Dictionary<(string Bot, string Symbol), List<FillRecord>> Products(ImportSet set)
    {
        var products = new Dictionary<(string, string), List<FillRecord>>();
        foreach (var fill in set.Fills)
        {
            if (!products.TryGetValue((fill.Bot, fill.Symbol), out var fills))
            {
                fills = [];
                products[(fill.Bot, fill.Symbol)] = fills;
            }

            fills.Add(fill);
        }

        return products;
    }

    /// <summary>Fills outside stored trades: spot sells that take a position below zero.</summary>
    private static void Positions(ImportSet set, Dictionary<(string Bot, string Symbol), List<FillRecord>> products, HashSet<(string Bot, string Id)> inTrades, Action<SourceProblem> add)
    {
        var exchanges = set.Bots.GroupBy(b => b.Name).ToDictionary(g => g.Key, g => g.First().Exchange, StringComparer.Ordinal);
        foreach (var ((bot, symbol), fills) in products)
        {
            if (!IsSpot(symbol, exchanges.GetValueOrDefault(bot)))
            {
                continue;
            }

            decimal position = 0, bought = 0, lowest = 0;
            var offending = new List<FillRecord>();
            var ordered = inTrades.Count == 0 ? [.. fills] : fills.Where(f => !inTrades.Contains((f.Bot, f.Id))).ToList();
            if (!InOrder(ordered))
            {
                ordered.Sort((a, b) => a.Timestamp != b.Timestamp ? a.Timestamp.CompareTo(b.Timestamp) : string.CompareOrdinal(a.Id, b.Id));
            }

            foreach (var fill in ordered)
            {
                if (fill.Side == Side.Buy)
                {
                    position += fill.Quantity;
                    bought += fill.Quantity;
                    continue;
                }

                position -= fill.Quantity;
                if (position < -(bought * TradeShape.Tolerance))
                {
                    offending.Add(fill);
                    lowest = Math.Min(lowest, position);
                }
            }

            if (offending.Count > 0)
            {
                add(new SourceProblem(
                    SourceProblemKind.SoldMoreThanHeld, bot, symbol, offending.Count, Capped(offending.Select(Reference)),
                    Invariant($"{Count(offending.Count, "sell")} take the position below zero (lowest {DecimalText.Plain(lowest)}, first {Reference(offending[0])}): ")
                    + "a spot account cannot sell what it does not hold, so rows are missing or the coins were held before the data starts; "
                    + "Tradebook records the excess as a short position"));
            }
        }
    }

    /// <summary>True when the fills are already in market order (time, then id), as most sources list them.</summary>
    private static bool InOrder(List<FillRecord> fills)
    {
        for (var i = 1; i < fills.Count; i++)
        {
            var (a, b) = (fills[i - 1], fills[i]);
            if (a.Timestamp > b.Timestamp || (a.Timestamp == b.Timestamp && string.CompareOrdinal(a.Id, b.Id) > 0))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Prices and quantities that cannot be right.</summary>
    private static void Values(Dictionary<(string Bot, string Symbol), List<FillRecord>> products, Action<SourceProblem> add)
    {
        foreach (var (product, fills) in products)
        {
            var zeroPrice = fills.Where(f => f.Price == 0).ToList();
            if (zeroPrice.Count > 0)
            {
                add(new SourceProblem(
                    SourceProblemKind.ZeroPrice, product.Bot, product.Symbol, zeroPrice.Count, Capped(zeroPrice.Select(Reference)),
                    $"{Count(zeroPrice.Count, "fill")} at price 0 (first {Reference(zeroPrice[0])}): the source holds no price for "
                    + $"{(zeroPrice.Count == 1 ? "it" : "them")}, and P&L computed from {(zeroPrice.Count == 1 ? "it" : "them")} counts the coins as free"));
            }

            var zeroQuantity = fills.Where(f => f.Quantity == 0).ToList();
            if (zeroQuantity.Count > 0)
            {
                add(new SourceProblem(
                    SourceProblemKind.ZeroQuantity, product.Bot, product.Symbol, zeroQuantity.Count, Capped(zeroQuantity.Select(Reference)),
                    $"{Count(zeroQuantity.Count, "fill")} of quantity 0 (first {Reference(zeroQuantity[0])}): an execution of nothing"));
            }

            var sized = fills.Where(f => f.Quantity > 0).Select(f => f.Quantity).ToArray();
            if (sized.Length < OutlierMinimumFills)
            {
                continue;
            }

            Array.Sort(sized);
            var median = sized[sized.Length / 2];
            var huge = fills.Where(f => f.Quantity / OutlierFactor >= median).ToList();
            if (huge.Count > 0)
            {
                add(new SourceProblem(
                    SourceProblemKind.ImplausibleQuantity, product.Bot, product.Symbol, huge.Count, Capped(huge.Select(Reference)),
                    Invariant($"{Count(huge.Count, "fill")} of a million times the product's median quantity {DecimalText.Plain(median)} or more ")
                    + Invariant($"(largest {DecimalText.Plain(huge.Max(f => f.Quantity))}, first {Reference(huge[0])}): a unit or scaling error in the source")));
            }
        }
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

    private static string Listed(List<string> details) =>
        details.Count <= 5 ? string.Join("; ", details) : string.Join("; ", details.Take(5)) + $"; and {details.Count - 5} more";

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
