using Tradebook.Demo.Market;

namespace Tradebook.Demo.Tests.Market;

public sealed class RngTests
{
    [Fact]
    public void a_seed_and_stream_always_give_the_same_numbers()
    {
        var a = Rng.For(7, "market");
        var b = Rng.For(7, "market");

        Assert.Equal(Enumerable.Range(0, 100).Select(_ => a.NextUInt64()), Enumerable.Range(0, 100).Select(_ => b.NextUInt64()));
    }

    [Fact]
    public void streams_of_one_seed_differ()
    {
        Assert.NotEqual(Rng.For(7, "market").NextUInt64(), Rng.For(7, "symbol:BTC/USDT").NextUInt64());
    }

    [Fact]
    public void normal_draws_have_mean_zero_and_variance_one()
    {
        var rng = new Rng(42);
        var draws = Enumerable.Range(0, 100_000).Select(_ => rng.Normal()).ToArray();
        var mean = draws.Average();
        var variance = draws.Average(d => (d - mean) * (d - mean));

        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(variance, 0.97, 1.03);
    }
}
