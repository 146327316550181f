namespace Tradebook.Demo.Strategies;

/// <summary>The few indicators the demo bots use, over the closes of bars <c>0..index</c>.</summary>
internal static class Indicators
{
    /// <summary>The simple moving average of the <paramref name="length"/> closes ending at <paramref name="index"/>.</summary>
    public static decimal Sma(Func<int, decimal> close, int index, int length)
    {
        var sum = 0m;
        for (var i = index - length + 1; i <= index; i++)
        {
            sum += close(i);
        }

        return sum / length;
    }

    /// <summary>Wilder's RSI over <paramref name="length"/> bars, from 0 to 100.</summary>
    public static double Rsi(Func<int, decimal> close, int index, int length)
    {
        double gain = 0, loss = 0;
        for (var i = index - length + 1; i <= index; i++)
        {
            var change = (double)(close(i) - close(i - 1));
            if (change > 0)
            {
                gain += change;
            }
            else
            {
                loss -= change;
            }
        }

        return loss == 0 ? 100 : 100 - (100 / (1 + (gain / loss)));
    }

    /// <summary>The standard deviation of the last <paramref name="length"/> hourly returns.</summary>
    public static double Volatility(Func<int, decimal> close, int index, int length)
    {
        var returns = new double[length];
        for (var k = 0; k < length; k++)
        {
            var i = index - k;
            returns[k] = (double)(close(i) / close(i - 1)) - 1;
        }

        var mean = returns.Average();
        return Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / Math.Max(1, length - 1));
    }

    /// <summary>The return from <paramref name="length"/> bars ago to <paramref name="index"/>.</summary>
    public static double Change(Func<int, decimal> close, int index, int length) => (double)(close(index) / close(index - length)) - 1;
}
