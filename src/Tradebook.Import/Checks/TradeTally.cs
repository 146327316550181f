using System.Globalization;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Checks;

/// <summary>
/// The stored trades that exit beyond their entries, taken one trade at a time: per product the rows, the first
/// references, the first details and the earliest such trade. It keeps no list of the trades, so a source of any
/// size is checked in the memory of its products.
/// </summary>
internal sealed class TradeTally
{
    /// <summary>Details written out per problem; the rest are counted.</summary>
    private const int DetailsShown = 5;

    private readonly Dictionary<(string Bot, string Symbol), Product> _products = [];

    /// <summary>Per product, when the first trade that exits beyond its entries opened: every later trade of it inherits the excess.</summary>
    public IReadOnlyDictionary<(string Bot, string Symbol), DateTimeOffset> ImpossibleSince =>
        _products.ToDictionary(p => p.Key, p => p.Value.Since);

    /// <param name="shape">The trade seen through its fills; null when none of them was imported.</param>
    public void Add(ReportedTrade trade, TradeShape? shape)
    {
        ArgumentNullException.ThrowIfNull(trade);
        if (shape is not { ExitsBeyondEntries: true })
        {
            return;
        }

        if (!_products.TryGetValue((trade.Bot, trade.Symbol), out var product))
        {
            product = new Product { Since = trade.OpenedAt };
            _products[(trade.Bot, trade.Symbol)] = product;
        }

        product.Since = trade.OpenedAt < product.Since ? trade.OpenedAt : product.Since;
        product.Rows += shape.Exits.Count;
        product.Reference(trade.SourceRef);
        foreach (var exit in shape.Exits)
        {
            product.Reference(SourceChecks.Reference(exit));
        }

        if (product.Details.Count < DetailsShown)
        {
            product.Details.Add(string.Create(CultureInfo.InvariantCulture, $"{trade.SourceRef} {(shape.EntrySide == Side.Buy ? "bought" : "sold")} {DecimalText.Plain(shape.Entered)} and exited {DecimalText.Plain(shape.Exited)} in {shape.Exits.Count} fills"));
        }

        product.Trades++;
    }

    public IEnumerable<SourceProblem> Problems() => _products.Select(p => new SourceProblem(
        SourceProblemKind.ExitsBeyondEntries, p.Key.Bot, p.Key.Symbol, p.Value.Rows, [.. p.Value.References],
        $"{(p.Value.Trades == 1 ? "1 trade exits more than it" : $"{p.Value.Trades} trades exit more than they")} entered ({Listed(p.Value)}); "
        + "the excess opens a position the source never had, so P&L computed from these rows is not what the bot made"));

    private static string Listed(Product product) =>
        product.Trades <= DetailsShown
            ? string.Join("; ", product.Details)
            : string.Join("; ", product.Details) + $"; and {product.Trades - DetailsShown} more";

    private sealed class Product
    {
        private readonly HashSet<string> _referenced = new(StringComparer.Ordinal);

        public DateTimeOffset Since { get; set; }

        public int Rows { get; set; }

        public int Trades { get; set; }

        public List<string> References { get; } = [];

        public List<string> Details { get; } = [];

        /// <summary>Keeps the first <see cref="SourceChecks.MaxReferences"/> distinct references.</summary>
        public void Reference(string reference)
        {
            if (References.Count < SourceChecks.MaxReferences && _referenced.Add(reference))
            {
                References.Add(reference);
            }
        }
    }
}
