using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;

namespace Tradebook.Core.Tests.Accounting;

/// <summary>
/// Invariants the engine must keep on any sequence of fills and cash flows, checked after every step of
/// many sequences drawn from a seeded generator (so a failure names a seed that reproduces it).
/// </summary>
public sealed class GeneratedSequenceTests
{
    private const int SequencesPerBlock = 40;
    private const int StepsPerSequence = 60;

    private static readonly DateTimeOffset Start = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Shapes of market the sequences are drawn from: prices in cents with a few decimals of quantity,
    /// a high price with satoshi quantities, and a token priced in millionths traded by the billion.
    /// </summary>
    private static readonly Market[] Markets =
    [
        new("cents", 5_000, 15_000, 0.01m, 300, -3, 0, 6),
        new("btc", 3_000_000, 7_000_000, 0.01m, 50_000, -8, -2, 8),
        new("penny", 1_000, 2_000, 0.00000001m, 50, 0, 7, 8),
    ];

    public static TheoryData<string, int> SeedBlocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var market in Markets)
        {
            foreach (var block in Enumerable.Range(0, 8))
            {
                data.Add(market.Name, block);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SeedBlocks))]
    public void every_step_keeps_the_books_invariants_under_both_methods(string market, int block)
    {
        foreach (var seed in Seeds(block))
        {
            var steps = Generate(MarketNamed(market), seed);
            var average = Check(CostBasisMethod.Average, steps, seed);
            var fifo = Check(CostBasisMethod.Fifo, steps, seed);

            for (var i = 0; i < steps.Count; i++)
            {
                var (a, f) = (average[i], fifo[i]);
                Assert.Equal(a.Quantity, f.Quantity);
                Assert.Equal(a.Fees, f.Fees);
                Assert.Equal((a.Trades, a.Wins), (f.Trades, f.Wins));
                if (a.IsFlat)
                {
                    // Once flat, the method only changed when profit was recognised, not how much.
                    Assert.True(a.RealizedPnl == f.RealizedPnl, $"seed {seed} step {i}: average {a.RealizedPnl} vs FIFO {f.RealizedPnl}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(SeedBlocks))]
    public void replaying_the_same_fills_twice_gives_equal_books(string market, int block)
    {
        foreach (var seed in Seeds(block))
        {
            var fills = Generate(MarketNamed(market), seed).Where(s => s.Fill is not null).Select(s => s.Fill!.Value).ToArray();
            foreach (var method in Enum.GetValues<CostBasisMethod>())
            {
                var first = ProductBook.Replay(method, fills);
                var second = ProductBook.Replay(method, fills);

                Assert.Equal(first, second);
                Assert.Equal(first.GetHashCode(), second.GetHashCode());
            }
        }
    }

    [Theory]
    [MemberData(nameof(SeedBlocks))]
    public void a_generated_long_and_its_mirrored_short_realize_the_same(string market, int block)
    {
        var shape = MarketNamed(market);
        var mark = shape.Tick * shape.StartTicksMin;
        var axis = mark * 1000;
        foreach (var seed in Seeds(block))
        {
            var fills = Generate(shape, seed).Where(s => s.Fill is not null).Select(s => s.Fill!.Value).ToArray();
            foreach (var method in Enum.GetValues<CostBasisMethod>())
            {
                var book = ProductBook.Replay(method, fills);
                var mirrored = ProductBook.Replay(method, Fills.Mirror(fills, axis));

                Assert.True(book.RealizedPnl == mirrored.RealizedPnl, $"seed {seed} {method}: {book.RealizedPnl} vs {mirrored.RealizedPnl}");
                Assert.Equal(-book.Quantity, mirrored.Quantity);
                Assert.Equal((book.Trades, book.Wins), (mirrored.Trades, mirrored.Wins));
                Assert.Equal(book.UnrealizedPnl(mark), mirrored.UnrealizedPnl(axis - mark));
            }
        }
    }

    [Theory]
    [InlineData("cents")]
    [InlineData("btc")]
    [InlineData("penny")]
    public void the_generator_reaches_flips_exact_closes_and_both_directions(string market)
    {
        // Guards the invariant tests against a generator that stopped exercising the hard paths.
        var (flips, closes, shorts) = (0, 0, 0);
        foreach (var seed in Enumerable.Range(0, SequencesPerBlock))
        {
            var book = ProductBook.Empty(CostBasisMethod.Fifo);
            foreach (var step in Generate(MarketNamed(market), seed).Where(s => s.Fill is not null))
            {
                var outcome = book.Apply(step.Fill!.Value);
                flips += outcome.ClosedRoundTrip && outcome.OpenedNewPosition ? 1 : 0;
                closes += outcome.ClosedRoundTrip && !outcome.OpenedNewPosition ? 1 : 0;
                shorts += outcome.Book.Quantity < 0 ? 1 : 0;
                book = outcome.Book;
            }
        }

        Assert.True(flips > 100, $"{flips} flips");
        Assert.True(closes > 100, $"{closes} exact closes");
        Assert.True(shorts > 300, $"{shorts} short steps");
    }

    private static IEnumerable<int> Seeds(int block) => Enumerable.Range(block * SequencesPerBlock, SequencesPerBlock);

    /// <summary>Applies the steps one by one, asserting after each; returns the book after every step.</summary>
    private static List<ProductBook> Check(CostBasisMethod method, IReadOnlyList<Step> steps, int seed)
    {
        var books = new List<ProductBook>();
        var book = ProductBook.Empty(method);
        var fills = new List<TradeFill>();
        var (quantity, fees, cashFlows, realizedByOutcomes, roundTrips) = (0m, 0m, 0m, 0m, 0);
        var (closedPositions, flowsWhileFlat, days) = (new List<Position>(), 0m, default(DayTotals));
        for (var i = 0; i < steps.Count; i++)
        {
            var where = $"seed {seed} step {i} {method}";
            var step = steps[i];

            // 97 minutes apart, so that sequences cross days at varying points.
            var at = Start.AddMinutes(97 * i);
            if (step.Fill is { } fill)
            {
                var before = quantity;
                var outcome = book.Apply(fill, at);
                book = outcome.Book;
                days = days.Plus(outcome.DayChange);
                if (outcome.ClosedRoundTrip)
                {
                    closedPositions.Add(outcome.Position!.Value);
                }
                fills.Add(fill);
                quantity += fill.Sign * fill.Quantity;
                fees += fill.QuoteFee;
                realizedByOutcomes += outcome.RealizedPnl;
                var ended = before != 0 && Math.Sign(quantity) != Math.Sign(before);
                roundTrips += ended ? 1 : 0;

                Assert.True(outcome.ClosedQuantity + outcome.OpenedQuantity == fill.Quantity, where);
                Assert.True(outcome.ClosedRoundTrip == ended, where);
                Assert.True(outcome.OpenedNewPosition == (quantity != 0 && Math.Sign(quantity) != Math.Sign(before)), where);
            }
            else
            {
                var outcome = book.ApplyCashFlow(step.CashFlow, at);
                flowsWhileFlat += book.IsFlat ? step.CashFlow : 0m;
                book = outcome.Book;
                days = days.Plus(outcome.DayChange);
                cashFlows += step.CashFlow;
            }

            // Every figure of the product is the sum of its positions' (cash flows while flat aside) and of its days'.
            var positions = book.OpenPosition is { } open ? [.. closedPositions, open] : closedPositions;
            Assert.True(positions.Sum(p => p.RealizedPnl) + flowsWhileFlat == book.RealizedPnl, where);
            Assert.True(positions.Sum(p => p.Fees) == book.Fees, where);
            Assert.True(positions.Sum(p => p.CashFlowPnl) + flowsWhileFlat == book.CashFlowPnl, where);
            Assert.True(closedPositions.Count(p => p.RealizedPnl > 0) == book.Wins, where);
            Assert.True(book.OpenPosition is not { } held || held.MaxQuantity >= Math.Abs(book.Quantity), where);
            Assert.True(days == new DayTotals(book.RealizedPnl, book.Fees, book.Fills, book.Trades, book.Wins), where);

            // Quantity is the signed sum of fills, exactly, and the lots hold exactly that much.
            Assert.True(book.Quantity == quantity, $"{where}: quantity {book.Quantity} vs {quantity}");
            Assert.True(book.Lots.Sum(l => l.Quantity) == Math.Abs(quantity), $"{where}: lots {book.Lots.Sum(l => l.Quantity)} vs {quantity}");
            Assert.All(book.Lots, l => Assert.True(l.Quantity > 0, where));
            if (book.IsFlat)
            {
                Assert.Empty(book.Lots);
                Assert.Equal(0m, book.OpenPositionRealized);
            }

            if (method == CostBasisMethod.Average)
            {
                Assert.True(book.Lots.Length <= 1, where);
            }

            Assert.True(book.Fees == fees, where);
            Assert.True(book.CashFlowPnl == cashFlows, where);
            Assert.True(book.RealizedPnl == realizedByOutcomes + cashFlows, where);
            Assert.True(book.Trades == roundTrips, where);
            Assert.True(book.Wins <= book.Trades, where);

            // Realized + unrealized is every cash movement plus the open quantity at the mark, exactly.
            foreach (var mark in new[] { step.Price, 0m, step.Price * 1.37m })
            {
                var expected = Fills.CashAtMark(fills, cashFlows, mark);
                var actual = book.RealizedPnl + book.UnrealizedPnl(mark);
                Assert.True(expected == actual, $"{where} mark {mark}: {actual} vs {expected}");
            }

            books.Add(book);
        }

        // The book built step by step is the one a replay of its fills rebuilds.
        var replayed = ProductBook.Replay(method, fills);
        Assert.Equal(book.Quantity, replayed.Quantity);
        Assert.Equal(book.RealizedPnl - cashFlows, replayed.RealizedPnl - replayed.CashFlowPnl);
        Assert.Equal(book.Lots.ToArray(), replayed.Lots.ToArray());
        return books;
    }

    private static Market MarketNamed(string name) => Markets.Single(m => m.Name == name);

    /// <summary>
    /// A random walk of fills in the given market: fees rounded to the market's decimals (now and then
    /// a rebate), cash flows now and then, and often an exit of exactly the open quantity or a fill
    /// large enough to flip the position.
    /// </summary>
    private static List<Step> Generate(Market market, int seed)
    {
        var random = new Random(seed);
        var steps = new List<Step>();
        var price = random.Next(market.StartTicksMin, market.StartTicksMax) * market.Tick;
        var position = 0m;
        for (var i = 0; i < StepsPerSequence; i++)
        {
            price = Math.Max(market.Tick, price + (random.Next(-market.MaxTicksMove, market.MaxTicksMove + 1) * market.Tick));
            if (random.Next(10) == 0)
            {
                steps.Add(new Step(null, random.Next(-500, 501) / 100m, price));
                continue;
            }

            var quantity = random.Next(1, 500) * Pow10(random.Next(market.QuantityExponentMin, market.QuantityExponentMax + 1));
            Side side;
            switch (random.Next(6))
            {
                case 0 when position != 0:
                    // Exactly flat.
                    quantity = Math.Abs(position);
                    side = position > 0 ? Side.Sell : Side.Buy;
                    break;
                case 1 when position != 0:
                    // Through zero.
                    quantity = Math.Abs(position) + quantity;
                    side = position > 0 ? Side.Sell : Side.Buy;
                    break;
                default:
                    side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
                    break;
            }

            var fee = random.Next(4) switch
            {
                0 => 0m,
                1 => -Math.Round(quantity * price * random.Next(1, 5) / 100_000m, market.FeeDecimals),
                _ => Math.Round(quantity * price * random.Next(1, 20) / 10_000m, market.FeeDecimals),
            };
            var fill = new TradeFill(side, quantity, price, fee);
            position += fill.Sign * quantity;
            steps.Add(new Step(fill, 0m, price));
        }

        return steps;
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result *= 10m;
        }

        return exponent < 0 ? 1m / result : result;
    }

    /// <summary>Start price between two tick counts; quantities are 1..499 times 10 to an exponent in the range.</summary>
    private sealed record Market(
        string Name,
        int StartTicksMin,
        int StartTicksMax,
        decimal Tick,
        int MaxTicksMove,
        int QuantityExponentMin,
        int QuantityExponentMax,
        int FeeDecimals);

    private readonly record struct Step(TradeFill? Fill, decimal CashFlow, decimal Price);
}
