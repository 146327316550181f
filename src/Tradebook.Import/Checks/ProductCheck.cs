using Tradebook.Core.Domain;

namespace Tradebook.Import.Checks;

/// <summary>
/// What the source checks need of one bot and product, taken one fill at a time in the order the source lists
/// them: counts, the first references, the running spot position and the distinct quantities. It holds no
/// list of the product's fills; when a figure needs them again (fills out of market order, a quantity far
/// from the rest, more distinct quantities than it keeps), <see cref="SourceChecks"/> reads them again.
/// </summary>
internal sealed class ProductCheck
{
    /// <summary>Distinct quantities kept for the median; a product with more is read again to find it.</summary>
    public const int MaxDistinctQuantities = 4096;

    private readonly SortedDictionary<decimal, int> _quantities = [];
    private FillRecord? _lastForPosition;
    private decimal _bought;

    public Listed ZeroPrice { get; } = new();

    public Listed ZeroQuantity { get; } = new();

    /// <summary>Fills dated outside <see cref="TradingTime"/>'s years, with the first such time.</summary>
    public Listed ImplausibleTime { get; } = new();

    public DateTimeOffset? FirstImplausibleTime { get; private set; }

    /// <summary>Sells that took the spot position below zero, counted while the fills come in market order.</summary>
    public Listed BelowZero { get; } = new();

    public decimal Position { get; private set; }

    public decimal Lowest { get; private set; }

    /// <summary>False once a fill that counts for the position came before the previous one in market order.</summary>
    public bool InMarketOrder { get; private set; } = true;

    /// <summary>How many fills have a positive quantity.</summary>
    public int Sized { get; private set; }

    /// <summary>False when the product had more distinct quantities than are kept.</summary>
    public bool QuantitiesKept => _quantities.Count <= MaxDistinctQuantities;

    public IEnumerable<KeyValuePair<decimal, int>> Quantities => _quantities;

    /// <param name="countsForPosition">False for a fill of a trade the source stored: trades are checked as trades.</param>
    public void Add(FillRecord fill, bool countsForPosition)
    {
        if (fill.Price == 0)
        {
            ZeroPrice.Add(SourceChecks.Reference(fill));
        }

        if (fill.Quantity == 0)
        {
            ZeroQuantity.Add(SourceChecks.Reference(fill));
        }

        if (!TradingTime.Contains(fill.Timestamp))
        {
            ImplausibleTime.Add(SourceChecks.Reference(fill));
            FirstImplausibleTime ??= fill.Timestamp;
        }

        if (fill.Quantity > 0)
        {
            Sized++;
            if (QuantitiesKept)
            {
                _quantities[fill.Quantity] = _quantities.GetValueOrDefault(fill.Quantity) + 1;
            }
        }

        if (countsForPosition && InMarketOrder)
        {
            if (_lastForPosition is { } last && (last.Timestamp > fill.Timestamp || (last.Timestamp == fill.Timestamp && string.CompareOrdinal(last.Id, fill.Id) > 0)))
            {
                InMarketOrder = false;
                return;
            }

            _lastForPosition = fill;
            Apply(fill);
        }
    }

    /// <summary>Starts the position over, to apply the product's fills again in market order.</summary>
    public void ResetPosition()
    {
        (Position, _bought, Lowest) = (0, 0, 0);
        BelowZero.Clear();
        InMarketOrder = true;
    }

    public void Apply(FillRecord fill)
    {
        if (fill.Side == Side.Buy)
        {
            Position += fill.Quantity;
            _bought += fill.Quantity;
            return;
        }

        Position -= fill.Quantity;
        if (Position < -(_bought * TradeShape.Tolerance))
        {
            BelowZero.Add(SourceChecks.Reference(fill));
            Lowest = Math.Min(Lowest, Position);
        }
    }

    /// <summary>Rows of one problem: all counted, the first <see cref="SourceChecks.MaxReferences"/> distinct references kept.</summary>
    internal sealed class Listed
    {
        private readonly List<string> _references = [];

        public int Count { get; private set; }

        public string? First { get; private set; }

        public IReadOnlyList<string> References => _references;

        public void Add(string reference)
        {
            Count++;
            First ??= reference;
            if (_references.Count < SourceChecks.MaxReferences && !_references.Contains(reference, StringComparer.Ordinal))
            {
                _references.Add(reference);
            }
        }

        public void Clear()
        {
            (Count, First) = (0, null);
            _references.Clear();
        }
    }
}

/// <summary>The source checks' figures per bot and product, in the order products first appear.</summary>
internal sealed class SourceCheckTally
{
    private readonly Dictionary<(string Bot, string Symbol), ProductCheck> _products = [];

    public IReadOnlyDictionary<(string Bot, string Symbol), ProductCheck> Products => _products;

    public void Add(FillRecord fill, bool countsForPosition = true)
    {
        if (!_products.TryGetValue((fill.Bot, fill.Symbol), out var product))
        {
            product = new ProductCheck();
            _products[(fill.Bot, fill.Symbol)] = product;
        }

        product.Add(fill, countsForPosition);
    }
}
