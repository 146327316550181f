namespace Tradebook.Demo.Market;

public sealed partial class MarketHistory
{
    // The common market factor: long-run hourly volatility, and the GARCH(1,1) weights of the last
    // shock (alpha) and of the last variance (beta). alpha + beta near 1 makes calm and stormy spells last.
    private const double MarketVolatility = 0.0032;
    private const double GarchAlpha = 0.09;
    private const double GarchBeta = 0.89;

    // A regime lasts about 15 days on average.
    private const double RegimeSwitch = 1.0 / 360;
    private const double GapChance = 0.0025;
    private const double FatTailChance = 0.01;

    /// <summary>Generates <paramref name="bars"/> hourly bars of each symbol from <paramref name="seed"/>.</summary>
    /// <param name="start">The first bar's opening time; <see cref="DefaultStart"/> when null. Truncated to the hour.</param>
    /// <param name="symbols">The symbols, underlyings before their perpetuals; <see cref="MarketSymbol.Defaults"/> when null.</param>
    public static MarketHistory Generate(int seed, int bars, DateTimeOffset? start = null, IReadOnlyList<MarketSymbol>? symbols = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bars, 1);
        symbols ??= MarketSymbol.Defaults;
        var first = (start ?? DefaultStart).ToUniversalTime();
        first = new DateTimeOffset(first.Year, first.Month, first.Day, first.Hour, 0, 0, TimeSpan.Zero);

        var market = Rng.For(seed, "market");
        var regimes = new MarketRegime[bars];
        var marketReturns = new double[bars];
        var marketVariance = new double[bars];
        var gaps = new double[bars];
        var regime = MarketRegime.Range;
        var variance = MarketVolatility * MarketVolatility;
        var omega = variance * (1 - GarchAlpha - GarchBeta);
        for (var i = 0; i < bars; i++)
        {
            if (market.Chance(RegimeSwitch))
            {
                regime = (MarketRegime)(((int)regime + 1 + (market.NextDouble() < 0.5 ? 0 : 1)) % 3);
            }

            regimes[i] = regime;
            marketVariance[i] = variance;
            var z = market.Normal();
            if (market.Chance(FatTailChance))
            {
                z *= 3;
            }

            var shock = Math.Sqrt(variance) * z;
            var gap = 0.0;
            if (i > 0 && market.Chance(GapChance))
            {
                // Gaps lean with the regime: bad news comes in bear markets, good news in bull markets.
                var down = market.NextDouble() < regime switch { MarketRegime.Bear => 0.75, MarketRegime.Bull => 0.3, _ => 0.5 };
                gap = (down ? -1 : 1) * market.Uniform(0.015, 0.05);
            }

            gaps[i] = gap;
            marketReturns[i] = Drift(regime) + shock;
            variance = omega + (GarchAlpha * ((shock * shock) + (gap * gap))) + (GarchBeta * variance);
        }

        var series = new Bar[symbols.Count][];
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var s = 0; s < symbols.Count; s++)
        {
            var symbol = symbols[s];
            var rng = Rng.For(seed, "symbol:" + symbol.Name);
            if (symbol.Underlying is { } underlying)
            {
                if (!byName.TryGetValue(underlying, out var u))
                {
                    throw new ArgumentException($"The perpetual {symbol.Name} needs its underlying {underlying} listed before it.", nameof(symbols));
                }

                series[s] = Perpetual(symbol, symbols[u], series[u], regimes, rng);
            }
            else
            {
                series[s] = Spot(symbol, first, regimes, marketReturns, marketVariance, gaps, rng);
            }

            byName[symbol.Name] = s;
        }

        return new MarketHistory(seed, first, symbols, series, regimes);
    }

    private static double Drift(MarketRegime regime) => regime switch
    {
        MarketRegime.Bull => 0.00022,
        MarketRegime.Bear => -0.00025,
        _ => 0.0,
    };

    private static Bar[] Spot(MarketSymbol symbol, DateTimeOffset first, MarketRegime[] regimes, double[] marketReturns, double[] marketVariance, double[] gaps, Rng rng)
    {
        var bars = new Bar[regimes.Length];
        var ownVariance = symbol.HourlyVolatility * symbol.HourlyVolatility;
        var omega = ownVariance * (1 - GarchAlpha - GarchBeta);
        var previousClose = symbol.StartPrice;
        var anchor = (double)symbol.StartPrice;
        for (var i = 0; i < bars.Length; i++)
        {
            var previous = (double)previousClose;
            var open = gaps[i] == 0 ? previousClose : Clamp(symbol, symbol.RoundPrice((decimal)(previous * (1 + (symbol.Beta * gaps[i])))));
            var z = rng.Normal();
            var own = Math.Sqrt(ownVariance) * z;
            // In a range, prices lean back toward a slow average; in a trend they are left to run.
            var meanReversion = regimes[i] == MarketRegime.Range ? -0.004 * ((previous / anchor) - 1) : 0.0;
            var r = Math.Clamp((symbol.Beta * marketReturns[i]) + own + meanReversion, -0.25, 0.25);
            var total = Math.Sqrt((symbol.Beta * symbol.Beta * marketVariance[i]) + ownVariance);
            var openValue = (double)open;
            var closeValue = openValue * (1 + r);
            var high = Math.Max(openValue, closeValue) * (1 + (Math.Abs(rng.Normal()) * total * 0.5));
            var low = Math.Min(openValue, closeValue) * (1 - Math.Min(0.5, Math.Abs(rng.Normal()) * total * 0.5));
            var activity = 0.6 + (0.8 * Math.Abs(r) / total) + (gaps[i] == 0 ? 0 : 1.5);
            var volume = (double)symbol.BaseVolume * activity * rng.Uniform(0.7, 1.3);
            var close = Clamp(symbol, symbol.RoundPrice((decimal)closeValue));
            bars[i] = Make(symbol, first + (Interval * i), open, close, (decimal)high, (decimal)low, (decimal)volume, null);
            ownVariance = omega + (GarchAlpha * own * own) + (GarchBeta * ownVariance);
            anchor += (closeValue - anchor) / 200;
            previousClose = close;
        }

        return bars;
    }

    private static Bar[] Perpetual(MarketSymbol symbol, MarketSymbol spotSymbol, Bar[] underlying, MarketRegime[] regimes, Rng rng)
    {
        var bars = new Bar[underlying.Length];
        var basis = 0.0001;
        var recentBasis = new double[8];
        var previousClose = symbol.RoundPrice(underlying[0].Open * (1 + (decimal)basis));
        for (var i = 0; i < bars.Length; i++)
        {
            var spot = underlying[i];
            var target = regimes[i] switch { MarketRegime.Bull => 0.0006, MarketRegime.Bear => -0.0003, _ => 0.0001 };
            // Funding settles at 00:00, 08:00 and 16:00 on the basis of the eight hours before it.
            decimal? funding = null;
            if (i > 0 && spot.Ts.Hour % 8 == 0)
            {
                var rate = Math.Clamp(0.0001 + (0.3 * recentBasis.Average()), -0.003, 0.003);
                funding = Math.Round((decimal)rate, 6, MidpointRounding.ToEven);
            }

            basis = (0.95 * basis) + (0.05 * target) + (0.00015 * rng.Normal());
            recentBasis[i % recentBasis.Length] = basis;
            var factor = 1 + (decimal)basis;
            var gapped = spot.Open != (i == 0 ? spot.Open : underlying[i - 1].Close);
            var open = gapped ? Clamp(symbol, symbol.RoundPrice(spot.Open * factor)) : previousClose;
            var close = Clamp(symbol, symbol.RoundPrice(spot.Close * factor));
            // Perpetuals trade a few times the spot volume, and on the same busy hours.
            var volume = symbol.BaseVolume * (spot.Volume / spotSymbol.BaseVolume) * (decimal)rng.Uniform(0.8, 1.2);
            bars[i] = Make(symbol, spot.Ts, open, close, spot.High * factor, spot.Low * factor, volume, funding);
            previousClose = close;
        }

        return bars;
    }

    private static decimal Clamp(MarketSymbol symbol, decimal price) => Math.Max(price, symbol.Tick);

    // Rounds to the symbol's tick and lot while keeping low <= open, close <= high and every price positive.
    private static Bar Make(MarketSymbol symbol, DateTimeOffset ts, decimal open, decimal close, decimal high, decimal low, decimal volume, decimal? funding)
    {
        var h = Math.Max(Math.Ceiling(high / symbol.Tick) * symbol.Tick, Math.Max(open, close));
        var l = Math.Max(Math.Min(Math.Floor(low / symbol.Tick) * symbol.Tick, Math.Min(open, close)), symbol.Tick);
        var v = Math.Max(symbol.RoundQuantity(volume), symbol.LotStep);
        return new Bar(ts, Normalize(open), Normalize(h), Normalize(l), Normalize(close), Normalize(v), funding is { } f ? Normalize(f) : null);
    }

    /// <summary>Drops trailing zeros, so 42150.10 is written 42150.1.</summary>
    internal static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
