namespace Tradebook.Demo.Market;

/// <summary>
/// Hourly OHLCV history of several symbols, made from a seed: the same seed, length and start give the
/// same bars, to the tick, on every machine. The market switches between range, bull and bear regimes
/// (a Markov chain); volatility clusters (GARCH(1,1) on a common market factor and on each symbol's own
/// part); shocks have fat tails; and now and then the market gaps, so a bar opens away from the last
/// close. See docs/demo.md for why the demo ships a generator rather than recorded prices.
/// </summary>
public sealed partial class MarketHistory
{
    /// <summary>The first bar's time when none is given: fixed, so that a re-run writes the same records.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, int> _index;
    private readonly Bar[][] _bars;
    private readonly MarketRegime[] _regimes;

    private MarketHistory(int seed, DateTimeOffset start, IReadOnlyList<MarketSymbol> symbols, Bar[][] bars, MarketRegime[] regimes)
    {
        Seed = seed;
        Start = start;
        Symbols = symbols;
        _bars = bars;
        _regimes = regimes;
        _index = symbols.Select((s, i) => (s.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
    }

    public int Seed { get; }

    public DateTimeOffset Start { get; }

    /// <summary>The length of one bar.</summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromHours(1);

    /// <summary>The bar interval as the record format writes it.</summary>
    public const string IntervalText = "1h";

    public IReadOnlyList<MarketSymbol> Symbols { get; }

    /// <summary>The number of bars of every symbol.</summary>
    public int Count => _regimes.Length;

    public MarketSymbol Symbol(string name) => Symbols[IndexOf(name)];

    public IReadOnlyList<Bar> Bars(string symbol) => _bars[IndexOf(symbol)];

    public Bar Bar(string symbol, int index) => _bars[IndexOf(symbol)][index];

    /// <summary>The regime of each hour, for tests and for the curious.</summary>
    public IReadOnlyList<MarketRegime> Regimes => _regimes;

    /// <summary>The opening time of bar <paramref name="index"/>.</summary>
    public DateTimeOffset TimeOf(int index) => Start + (Interval * index);

    private int IndexOf(string symbol) =>
        _index.TryGetValue(symbol, out var i) ? i : throw new ArgumentException($"The demo market has no symbol '{symbol}'.", nameof(symbol));
}
