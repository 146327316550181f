using Tradebook.Demo.Market;

namespace Tradebook.Demo.Tests.Market;

public sealed class MarketHistoryTests
{
    private static readonly MarketHistory Long = MarketHistory.Generate(7, 20_000);

    [Fact]
    public void the_same_seed_gives_the_same_bars()
    {
        var a = MarketHistory.Generate(11, 3_000);
        var b = MarketHistory.Generate(11, 3_000);

        foreach (var symbol in a.Symbols)
        {
            Assert.Equal(a.Bars(symbol.Name), b.Bars(symbol.Name));
        }

        Assert.Equal(a.Regimes, b.Regimes);
    }

    [Fact]
    public void another_seed_gives_other_bars()
    {
        var a = MarketHistory.Generate(11, 500);
        var b = MarketHistory.Generate(12, 500);

        Assert.NotEqual(a.Bars("BTC/USDT"), b.Bars("BTC/USDT"));
    }

    [Fact]
    public void a_shorter_history_is_the_start_of_a_longer_one()
    {
        var shorter = MarketHistory.Generate(7, 1_000);

        foreach (var symbol in shorter.Symbols)
        {
            Assert.Equal(shorter.Bars(symbol.Name), Long.Bars(symbol.Name).Take(1_000));
        }
    }

    [Fact]
    public void the_default_seed_gives_the_bars_it_always_gave()
    {
        // Pinned: a change to the generator changes every demo database, and the demo's re-runs would conflict.
        var history = MarketHistory.Generate(7, 300);

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), history.Bar("BTC/USDT", 0).Ts);
        Assert.Equal(42_150.0m, history.Bar("BTC/USDT", 0).Open);
        Assert.Equal(Pinned.BtcClose299, history.Bar("BTC/USDT", 299).Close);
        Assert.Equal(Pinned.SolClose299, history.Bar("SOL/USDT", 299).Close);
    }

    [Fact]
    public void every_bar_is_consistent_and_on_its_ticks()
    {
        foreach (var symbol in Long.Symbols)
        {
            var bars = Long.Bars(symbol.Name);
            for (var i = 0; i < bars.Count; i++)
            {
                var bar = bars[i];
                Assert.True(bar.Low > 0, $"{symbol.Name} bar {i}: low {bar.Low}");
                Assert.True(bar.Low <= Math.Min(bar.Open, bar.Close) && Math.Max(bar.Open, bar.Close) <= bar.High, $"{symbol.Name} bar {i}: {bar}");
                Assert.True(bar.Volume > 0, $"{symbol.Name} bar {i}: volume {bar.Volume}");
                foreach (var price in new[] { bar.Open, bar.High, bar.Low, bar.Close })
                {
                    Assert.Equal(0m, price % symbol.Tick);
                }

                Assert.Equal(Long.Start + TimeSpan.FromHours(i), bar.Ts);
            }
        }
    }

    [Fact]
    public void volatility_clusters()
    {
        // Calm hours follow calm hours and wild ones follow wild ones: absolute returns are positively
        // autocorrelated for many lags, while the returns themselves are nearly not.
        foreach (var symbol in new[] { "BTC/USDT", "ETH/USDT", "SOL/USDT" })
        {
            var returns = Returns(Long.Bars(symbol));
            var absolute = returns.Select(Math.Abs).ToArray();

            for (var lag = 1; lag <= 10; lag++)
            {
                Assert.True(Autocorrelation(absolute, lag) > 0.05, $"{symbol}: |r| autocorrelation at lag {lag} is {Autocorrelation(absolute, lag):0.000}");
            }

            Assert.True(Math.Abs(Autocorrelation(returns, 1)) < 0.1, $"{symbol}: return autocorrelation {Autocorrelation(returns, 1):0.000}");
        }
    }

    [Fact]
    public void returns_have_fat_tails()
    {
        var returns = Returns(Long.Bars("BTC/USDT"));
        var mean = returns.Average();
        var variance = returns.Average(r => (r - mean) * (r - mean));
        var kurtosis = returns.Average(r => Math.Pow(r - mean, 4)) / (variance * variance);

        Assert.True(kurtosis > 4, $"kurtosis {kurtosis:0.00}, a normal distribution has 3");
    }

    [Fact]
    public void the_market_gaps_now_and_then()
    {
        var bars = Long.Bars("BTC/USDT");
        var gaps = Enumerable.Range(1, bars.Count - 1).Count(i => bars[i].Open != bars[i - 1].Close);

        Assert.InRange(gaps, 10, 200);
    }

    [Fact]
    public void the_market_goes_through_range_bull_and_bear_regimes_that_last()
    {
        Assert.All(Enum.GetValues<MarketRegime>(), r => Assert.Contains(r, Long.Regimes));
        var switches = Enumerable.Range(1, Long.Count - 1).Count(i => Long.Regimes[i] != Long.Regimes[i - 1]);
        Assert.InRange(switches, 20, 200);
    }

    [Fact]
    public void the_perpetual_follows_its_underlying_and_settles_funding_every_eight_hours()
    {
        var spot = Long.Bars("BTC/USDT");
        var perpetual = Long.Bars("BTC/USDT:USDT");

        for (var i = 0; i < perpetual.Count; i++)
        {
            Assert.InRange(perpetual[i].Close / spot[i].Close, 0.99m, 1.01m);
            Assert.Equal(i > 0 && perpetual[i].Ts.Hour % 8 == 0, perpetual[i].FundingRate is not null);
            Assert.Null(spot[i].FundingRate);
        }

        var rates = perpetual.Where(b => b.FundingRate is not null).Select(b => b.FundingRate!.Value).ToList();
        Assert.Contains(rates, r => r > 0);
        Assert.Contains(rates, r => r < 0);
        Assert.All(rates, r => Assert.InRange(r, -0.003m, 0.003m));
    }

    [Fact]
    public void the_start_is_truncated_to_the_hour()
    {
        var history = MarketHistory.Generate(1, 10, new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)));

        Assert.Equal(new DateTimeOffset(2025, 3, 4, 3, 0, 0, TimeSpan.Zero), history.Start);
    }

    private static double[] Returns(IReadOnlyList<Bar> bars) =>
        Enumerable.Range(1, bars.Count - 1).Select(i => (double)(bars[i].Close / bars[i - 1].Close) - 1).ToArray();

    private static double Autocorrelation(double[] x, int lag)
    {
        var mean = x.Average();
        var variance = x.Sum(v => (v - mean) * (v - mean));
        var covariance = 0.0;
        for (var i = lag; i < x.Length; i++)
        {
            covariance += (x[i] - mean) * (x[i - lag] - mean);
        }

        return covariance / variance;
    }

    private static class Pinned
    {
        public const decimal BtcClose299 = 39_709m;
        public const decimal SolClose299 = 89.13m;
    }
}
