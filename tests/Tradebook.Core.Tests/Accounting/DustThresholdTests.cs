using Tradebook.Core.Accounting;

namespace Tradebook.Core.Tests.Accounting;

public sealed class DustThresholdTests
{
    [Fact]
    public void the_amount_step_wins_over_the_bots_threshold_which_wins_over_the_default()
    {
        Assert.Equal(0.01m, DustThreshold.Resolve(0.01m, 5m));
        Assert.Equal(5m, DustThreshold.Resolve(null, 5m));
        Assert.Equal(0m, DustThreshold.Resolve(null, 0m));
        Assert.Equal(0.00000001m, DustThreshold.Resolve(null, null));
    }

    [Theory]
    [InlineData(0, "1")]
    [InlineData(5, "0.00001")]
    [InlineData(8, "0.00000001")]
    [InlineData(-1, "10")]
    public void a_precision_in_decimal_places_is_a_step_of_ten_to_the_minus_places(int decimals, string step)
    {
        Assert.Equal(decimal.Parse(step, System.Globalization.CultureInfo.InvariantCulture), DustThreshold.StepOfDecimals(decimals));
    }

    [Fact]
    public void no_precision_is_no_step()
    {
        Assert.Null(DustThreshold.StepOfDecimals(null));
        Assert.Null(DustThreshold.StepOfDecimals(40));
    }

    [Theory]
    [InlineData("dust_threshold", "0.5", "0.5")]
    [InlineData("dust_threshold", "0", "0")]
    [InlineData("dust_threshold", " 1e-05 ", "0.00001")]
    [InlineData("amount_step:BTC/USDT", "0.00001", "0.00001")]
    public void a_setting_reads_as_an_exact_quantity(string key, string value, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture), DustThreshold.Parse(key, value, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("dust_threshold", "-1", "zero (no dust rule) or above")]
    [InlineData("dust_threshold", "lots", "must be a quantity")]
    [InlineData("amount_step:BTC/USDT", "0", "above zero")]
    [InlineData("amount_step:BTC/USDT", "NaN", "must be a quantity")]
    public void a_setting_that_is_no_such_quantity_is_refused_with_the_reason(string key, string value, string reason)
    {
        Assert.Null(DustThreshold.Parse(key, value, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        Assert.Contains(key, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dust_threshold", true)]
    [InlineData("amount_step:DOGE/BTC", true)]
    [InlineData("amount_step:", false)]
    [InlineData("leverage", false)]
    [InlineData("Dust_Threshold", false)]
    public void only_dust_keys_decide_dust(string key, bool decides)
    {
        Assert.Equal(decides, DustThreshold.IsDustKey(key));
    }
}
