using System.Globalization;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;

namespace Tradebook.Core.Tests.Accounting;

/// <summary>
/// Every scenario under both cost methods and in both directions (as written, and mirrored into the
/// short that realizes the same): after each fill or cash flow, the positions' figures must add up to
/// the book's, and each day's totals to the product's. Scenarios include flips with fees and funding.
/// </summary>
public sealed class PositionSweepTests
{
    // Prices are reflected about this axis for the short, so it sits above every price in the scenarios.
    private const decimal Axis = 200m;

    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 6, 0, 0, TimeSpan.Zero);

    /// <summary>Blotters as in <see cref="Fills.Parse"/>, with <c>F</c> and an amount for a funding payment.</summary>
    private static readonly string[] Scenarios =
    [
        "B100@10/1 F-2 S150@12/3 F0.5 B80@11/1.6 F-0.25 S30@13/0.3",
        "B3@7/0.03 B4@9/0.05 F-0.1 S5@8/0.02 S2@11/0.01",
        "F3 B1@10 S1@9 F1 S2@10/0.02 F-0.5 B5@9/0.07 S3@14",
        "B1@100 S3@110/1 F-0.2 B3@105/0.9 S1@101/0.1",
        "B10@50/0.5 S3@55/0.1 F-1 B4@52/0.2 S11@60/0.3 F0.4 B2@58",
        "B0.3@33.33/0.01 S0.7@40/0.07 F0.03 B0.4@30 S0.1@35/0.003",
        "B2@100 F-5 S2@101",
        "B1@10 B1@11 B1@12 S2@13 B5@9/0.07 S4@15/0.11 S3@14",
    ];

    public static TheoryData<CostBasisMethod, bool, string> Sweep()
    {
        var data = new TheoryData<CostBasisMethod, bool, string>();
        foreach (var method in Enum.GetValues<CostBasisMethod>())
        {
            foreach (var mirrored in new[] { false, true })
            {
                foreach (var scenario in Scenarios)
                {
                    data.Add(method, mirrored, scenario);
                }
            }
        }

        return data;
    }

    public static TheoryData<CostBasisMethod, string> MethodsAndScenarios()
    {
        var data = new TheoryData<CostBasisMethod, string>();
        foreach (var method in Enum.GetValues<CostBasisMethod>())
        {
            foreach (var scenario in Scenarios)
            {
                data.Add(method, scenario);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sweep))]
    public void after_every_step_the_positions_and_days_add_up_to_the_book(CostBasisMethod method, bool mirrored, string scenario)
    {
        var book = ProductBook.Empty(method);
        var closed = new List<Position>();
        var days = new Dictionary<DateOnly, DayTotals>();
        var (flowsWhileFlat, peak) = (0m, 0m);
        foreach (var (step, i) in Steps(scenario, mirrored).Select((s, i) => (s, i)))
        {
            var at = T0.AddHours(i * 7);
            var where = $"step {i}";
            var before = book;
            if (step.Fill is { } fill)
            {
                var outcome = book.Apply(fill, at);
                book = outcome.Book;
                Add(days, outcome.Day, outcome.DayChange);
                Assert.Equal(DayTotals.DayOf(at), outcome.Day);
                Assert.Equal(new DayTotals(outcome.RealizedPnl, fill.QuoteFee, 1, outcome.ClosedRoundTrip ? 1 : 0, outcome.RoundTripWon ? 1 : 0), outcome.DayChange);
                if (outcome.ClosedRoundTrip)
                {
                    var position = outcome.Position!.Value;
                    closed.Add(position);
                    Assert.True(position.ClosedAt == at, where);
                    Assert.True(position.RealizedPnl == before.OpenPositionRealized + outcome.RealizedPnl, where);
                    Assert.True(outcome.RoundTripWon == position.RealizedPnl > 0, where);
                    if (book.OpenPosition is { } opened)
                    {
                        // A flip: the closing share and the new position's fee are the whole fee, and the new
                        // position's fee is its lot's entry fee.
                        var share = position.Fees - before.OpenPosition!.Value.Fees;
                        Assert.True(share + opened.Fees == fill.QuoteFee, $"{where}: {share} + {opened.Fees} vs {fill.QuoteFee}");
                        Assert.True(opened.Fees == book.EntryFees, where);
                        Assert.True(opened.OpenedAt == at && opened.MaxQuantity == Math.Abs(book.Quantity), where);
                    }
                }
                else
                {
                    // The fill stays on the position it opened, added to or reduced.
                    Assert.Equal(outcome.Position, book.OpenPosition);
                }
            }
            else
            {
                var outcome = book.ApplyCashFlow(step.CashFlow, at);
                book = outcome.Book;
                Add(days, outcome.Day, outcome.DayChange);
                Assert.Equal(!before.IsFlat, outcome.CountedInPosition);
                flowsWhileFlat += before.IsFlat ? step.CashFlow : 0m;
            }

            peak = book.IsFlat ? 0m : Math.Max(before.Direction == book.Direction ? peak : 0m, Math.Abs(book.Quantity));
            var open = book.OpenPosition;
            Assert.True(book.IsFlat == open is null, where);
            if (open is { } o)
            {
                Assert.True(o.IsOpen && o.Direction == (book.Quantity > 0 ? PositionDirection.Long : PositionDirection.Short), where);
                Assert.True(o.MaxQuantity == peak, $"{where}: peak {o.MaxQuantity} vs {peak}");
                Assert.True(o.RealizedPnl == book.OpenPositionRealized, where);
            }

            var all = open is { } current ? [.. closed, current] : closed;
            Assert.True(all.Sum(p => p.RealizedPnl) + flowsWhileFlat == book.RealizedPnl, $"{where}: positions {all.Sum(p => p.RealizedPnl)} + {flowsWhileFlat} vs {book.RealizedPnl}");
            Assert.True(all.Sum(p => p.Fees) == book.Fees, $"{where}: position fees {all.Sum(p => p.Fees)} vs {book.Fees}");
            Assert.True(all.Sum(p => p.CashFlowPnl) + flowsWhileFlat == book.CashFlowPnl, where);
            Assert.True(closed.Count == book.Trades && closed.Count(p => p.RealizedPnl > 0) == book.Wins, where);
            Assert.All(closed, p => Assert.True(p.Status == PositionStatus.Closed && p.OpenedAt < p.ClosedAt, where));

            var total = days.Values.Aggregate(default(DayTotals), (sum, day) => sum.Plus(day));
            Assert.Equal(new DayTotals(book.RealizedPnl, book.Fees, book.Fills, book.Trades, book.Wins), total);
        }

        Assert.NotEmpty(closed);
    }

    [Theory]
    [MemberData(nameof(MethodsAndScenarios))]
    public void a_mirrored_short_goes_through_the_same_positions_the_other_way(CostBasisMethod method, string scenario)
    {
        var longs = Positions(method, Steps(scenario, mirrored: false));
        var shorts = Positions(method, Steps(scenario, mirrored: true));

        Assert.Equal(longs.Count, shorts.Count);
        foreach (var (l, s) in longs.Zip(shorts))
        {
            Assert.NotEqual(l.Direction, s.Direction);
            Assert.Equal(l with { Direction = s.Direction }, s);
        }
    }

    private static List<Position> Positions(CostBasisMethod method, IEnumerable<Step> steps)
    {
        var book = ProductBook.Empty(method);
        var positions = new List<Position>();
        foreach (var (step, i) in steps.Select((s, i) => (s, i)))
        {
            var at = T0.AddHours(i * 7);
            if (step.Fill is { } fill)
            {
                var outcome = book.Apply(fill, at);
                book = outcome.Book;
                if (outcome.ClosedRoundTrip)
                {
                    positions.Add(outcome.Position!.Value);
                }
            }
            else
            {
                book = book.ApplyCashFlow(step.CashFlow, at).Book;
            }
        }

        if (book.OpenPosition is { } open)
        {
            positions.Add(open);
        }

        return positions;
    }

    private static void Add(Dictionary<DateOnly, DayTotals> days, DateOnly day, DayTotals change) =>
        days[day] = days.GetValueOrDefault(day).Plus(change);

    private static IEnumerable<Step> Steps(string scenario, bool mirrored) =>
        scenario.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(token =>
        {
            if (token[0] == 'F')
            {
                return new Step(null, decimal.Parse(token[1..], CultureInfo.InvariantCulture));
            }

            var fill = Fills.Parse(token)[0];
            return new Step(mirrored ? Fills.Mirror([fill], Axis)[0] : fill, 0m);
        });

    private readonly record struct Step(TradeFill? Fill, decimal CashFlow);
}
