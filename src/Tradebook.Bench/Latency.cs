using System.Diagnostics;

namespace Tradebook.Bench;

/// <summary>Percentiles of repeated timings, in milliseconds.</summary>
internal sealed record Latency(int Count, double P50, double P99, double Max)
{
    public static Latency Measure(int count, Action action)
    {
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return Of(samples);
    }

    /// <summary>The percentiles of timings taken elsewhere, in milliseconds.</summary>
    public static Latency Of(IReadOnlyCollection<double> milliseconds)
    {
        var samples = milliseconds.Order().ToArray();
        var count = samples.Length;
        return new Latency(count, samples[count / 2], samples[Math.Min(count - 1, (int)Math.Ceiling(count * 0.99) - 1)], samples[^1]);
    }
}
