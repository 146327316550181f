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
            samples[i] = Time(action);
        }

        return Of(samples);
    }

    /// <summary>
    /// Times <paramref name="first"/> and <paramref name="second"/> <paramref name="count"/> times each,
    /// alternately and in turn first, so that whatever else the machine does at the time (the writeback of
    /// an earlier ingest, another process) weighs on both alike: a comparison of the two is then of them,
    /// not of two moments.
    /// </summary>
    public static (Latency First, Latency Second) MeasureAlternately(int count, Action first, Action second)
    {
        var firstSamples = new double[count];
        var secondSamples = new double[count];
        for (var i = 0; i < count; i++)
        {
            if (i % 2 == 0)
            {
                firstSamples[i] = Time(first);
                secondSamples[i] = Time(second);
            }
            else
            {
                secondSamples[i] = Time(second);
                firstSamples[i] = Time(first);
            }
        }

        return (Of(firstSamples), Of(secondSamples));
    }

    /// <summary>The percentiles of timings taken elsewhere, in milliseconds.</summary>
    public static Latency Of(IReadOnlyCollection<double> milliseconds)
    {
        var samples = milliseconds.Order().ToArray();
        var count = samples.Length;
        return new Latency(count, samples[count / 2], samples[Math.Min(count - 1, (int)Math.Ceiling(count * 0.99) - 1)], samples[^1]);
    }

    private static double Time(Action action)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
