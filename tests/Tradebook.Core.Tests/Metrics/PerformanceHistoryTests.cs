using Tradebook.Core.Metrics;

namespace Tradebook.Core.Tests.Metrics;

/// <summary>A history taken one reading and one round trip at a time measures as the same history given whole.</summary>
public sealed class PerformanceHistoryTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void a_history_taken_in_parts_measures_as_the_same_history_given_whole()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 50; trial++)
        {
            var history = new PerformanceHistory();
            var equity = new List<EquityPoint>();
            var trips = new List<ClosedTrip>();
            var intervals = new List<(DateTimeOffset, DateTimeOffset)>();
            var at = Day0;
            for (var step = 0; step < 200; step++)
            {
                at = at.AddHours(random.Next(0, 30));
                var reading = new EquityPoint(at, 1_000m + random.Next(-300, 300));
                equity.Add(reading);
                Assert.True(history.TryAdd(reading));
                if (random.Next(3) == 0)
                {
                    var opened = at.AddHours(-random.Next(0, 100));
                    var closed = opened.AddHours(random.Next(0, 50));
                    var trip = new ClosedTrip(random.Next(-50, 51) / 10m, opened, closed);
                    trips.Add(trip);
                    intervals.Add((opened, closed));
                    history.AddTrip(trip.RealizedPnl);
                    history.AddHeld(opened, closed);
                }

                // Two round trips still open, held until now; given whole they are intervals ending now.
                var now = at.AddHours(random.Next(-10, 10));
                DateTimeOffset[] open = [at.AddHours(-random.Next(0, 60)), at.AddHours(-random.Next(0, 60))];
                var whole = new PerformanceInputs(equity, trips, [.. intervals, .. open.Select(o => (o, now))], 252);
                Assert.Equal(PerformanceMetrics.Compute(whole), history.Measure(252, open, now));
            }
        }
    }

    [Fact]
    public void a_reading_older_than_the_last_is_refused_and_changes_nothing()
    {
        var history = new PerformanceHistory();
        Assert.True(history.TryAdd(new EquityPoint(Day0.AddDays(1), 100m)));
        Assert.True(history.TryAdd(new EquityPoint(Day0.AddDays(2), 150m)));
        var before = history.Measure(365, [], Day0);

        Assert.False(history.TryAdd(new EquityPoint(Day0, 50m)));

        Assert.Equal(before, history.Measure(365, [], Day0));
        Assert.Equal(0.5m, before.Return);
        Assert.Throws<ArgumentException>(() => PerformanceMetrics.Compute(new PerformanceInputs([new(Day0.AddDays(1), 1m), new(Day0, 1m)], [], [])));
    }
}
