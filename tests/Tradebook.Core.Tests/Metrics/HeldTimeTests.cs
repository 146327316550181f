using Tradebook.Core.Metrics;

namespace Tradebook.Core.Tests.Metrics;

public sealed class HeldTimeTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void overlapping_and_touching_intervals_count_once()
    {
        var held = new HeldTime();
        held.Add(Day0.AddDays(3), Day0.AddDays(6));
        held.Add(Day0.AddDays(1), Day0.AddDays(4));
        held.Add(Day0.AddDays(8), Day0.AddDays(9));
        held.Add(Day0.AddDays(6), Day0.AddDays(7));
        held.Add(Day0.AddDays(5), Day0.AddDays(5));

        Assert.Equal(2, held.Count);
        Assert.Equal(TimeSpan.FromDays(7).Ticks, held.Covered(Day0, Day0.AddDays(10)));
        Assert.Equal(TimeSpan.FromDays(2).Ticks, held.Covered(Day0.AddDays(5.5), Day0.AddDays(8.5)));
        Assert.Equal(0, held.Covered(Day0.AddDays(7), Day0.AddDays(8)));
    }

    [Fact]
    public void an_extra_interval_counts_only_where_it_adds()
    {
        var held = new HeldTime();
        held.Add(Day0.AddDays(1), Day0.AddDays(4));

        Assert.Equal(TimeSpan.FromDays(6).Ticks, held.CoveredWith(Day0, Day0.AddDays(10), Day0.AddDays(3), Day0.AddDays(7)));
        Assert.Equal(TimeSpan.FromDays(3).Ticks, held.CoveredWith(Day0, Day0.AddDays(10), DateTimeOffset.MaxValue, Day0.AddDays(20)));
    }

    [Fact]
    public void covered_time_is_what_a_walk_over_every_interval_finds()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 300; trial++)
        {
            var held = new HeldTime();
            var intervals = new List<(long From, long To)>();
            for (var i = random.Next(0, 40); i > 0; i--)
            {
                var from = random.Next(0, 1_000);
                var to = from + random.Next(-5, 60);
                intervals.Add((from, to));
                held.Add(Day0.AddMinutes(from), Day0.AddMinutes(to));
            }

            var start = random.Next(0, 900);
            var end = start + random.Next(0, 300);
            var extra = random.Next(0, 1_200);
            var now = random.Next(0, 1_200);
            var expected = Walk([.. intervals, (extra, now)], start, end);

            Assert.Equal(TimeSpan.FromMinutes(expected).Ticks, held.CoveredWith(Day0.AddMinutes(start), Day0.AddMinutes(end), Day0.AddMinutes(extra), Day0.AddMinutes(now)));
            Assert.Equal(TimeSpan.FromMinutes(Walk(intervals, start, end)).Ticks, held.Covered(Day0.AddMinutes(start), Day0.AddMinutes(end)));
        }
    }

    /// <summary>The minutes of [start, end] that the intervals cover, found by walking them in order of their start.</summary>
    private static long Walk(List<(long From, long To)> intervals, long start, long end)
    {
        var held = 0L;
        long? coveredTo = null;
        foreach (var (from, to) in intervals.OrderBy(i => i.From))
        {
            var a = Math.Max(from, Math.Max(start, coveredTo ?? long.MinValue));
            var b = Math.Min(to, end);
            if (b > a)
            {
                held += b - a;
                coveredTo = b;
            }
        }

        return held;
    }
}
