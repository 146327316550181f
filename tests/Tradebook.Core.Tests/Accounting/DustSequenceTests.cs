using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;

namespace Tradebook.Core.Tests.Accounting;

/// <summary>
/// The book's invariants on sequences that make dust, drawn from a seeded generator (a failure names its
/// seed): a bot on an exchange with an amount step, whose entries arrive less a fee taken in the coin and
/// whose exits are rounded down to the step, that now and then sells everything it holds, sells from flat,
/// or trades through zero; checked under both cost methods, long as generated and mirrored into shorts.
/// </summary>
public sealed class DustSequenceTests
{
    private const int SequencesPerBlock = 30;
    private const int StepsPerSequence = 50;
    private const decimal Axis = 1_000_000m;

    private static readonly DateTimeOffset Start = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Amount steps of real markets: whole coins, a thousandth, a satoshi.</summary>
    private static readonly decimal[] Steps = [1m, 0.001m, 0.00000001m];

    public static TheoryData<decimal, int, bool> Blocks()
    {
        var data = new TheoryData<decimal, int, bool>();
        foreach (var step in Steps)
        {
            foreach (var block in Enumerable.Range(0, 4))
            {
                data.Add(step, block, false);
                data.Add(step, block, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void every_step_keeps_the_books_invariants_with_dust(decimal step, int block, bool mirrored)
    {
        foreach (var seed in Enumerable.Range(block * SequencesPerBlock, SequencesPerBlock))
        {
            var generated = Generate(step, seed);
            var events = mirrored ? generated.Select(e => e.Fill is { } f ? e with { Fill = Fills.Mirror([f], Axis)[0], Price = Axis - e.Price } : e).ToList() : generated;
            var average = Check(CostBasisMethod.Average, step, events, $"seed {seed} step {step} mirrored {mirrored}");
            var fifo = Check(CostBasisMethod.Fifo, step, events, $"seed {seed} step {step} mirrored {mirrored}");

            // The method changes what lots cost, never what is held or when a round trip ends.
            for (var i = 0; i < events.Count; i++)
            {
                Assert.Equal((average[i].Quantity, average[i].Dust, average[i].Trades), (fifo[i].Quantity, fifo[i].Dust, fifo[i].Trades));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void a_generated_long_and_its_mirrored_short_end_the_same_round_trips_with_the_same_dust(decimal step, int block, bool fifo)
    {
        var method = fifo ? CostBasisMethod.Fifo : CostBasisMethod.Average;
        foreach (var seed in Enumerable.Range(block * SequencesPerBlock, SequencesPerBlock))
        {
            var fills = Generate(step, seed).Where(e => e.Fill is not null).Select(e => e.Fill!.Value).ToArray();
            var book = ProductBook.Replay(method, fills, step);
            var mirrored = ProductBook.Replay(method, Fills.Mirror(fills, Axis), step);

            Assert.True(book.RealizedPnl == mirrored.RealizedPnl, $"seed {seed}: {book.RealizedPnl} vs {mirrored.RealizedPnl}");
            Assert.Equal((-book.Quantity, -book.Dust, book.Trades, book.Wins), (mirrored.Quantity, mirrored.Dust, mirrored.Trades, mirrored.Wins));
            Assert.Equal(book.UnrealizedPnl(77m), mirrored.UnrealizedPnl(Axis - 77m));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0.001)]
    public void the_generator_reaches_dust_sales_of_dust_and_fills_through_it(double stepValue)
    {
        // Guards the invariant tests against a generator that stopped exercising the dust paths.
        var step = (decimal)stepValue;
        var (setAside, dustOnly, pastFlat) = (0, 0, 0);
        foreach (var seed in Enumerable.Range(0, SequencesPerBlock))
        {
            var book = ProductBook.Empty(CostBasisMethod.Average, step);
            foreach (var e in Generate(step, seed).Where(e => e.Fill is not null))
            {
                var outcome = book.Apply(e.Fill!.Value);
                setAside += outcome.DustChange > 0 ? 1 : 0;
                dustOnly += outcome.Position is null ? 1 : 0;
                pastFlat += outcome.DustChange < 0 && outcome.Position is not null ? 1 : 0;
                book = outcome.Book;
            }
        }

        Assert.True(setAside > 100, $"{setAside} round trips ended with dust");
        Assert.True(dustOnly > 10, $"{dustOnly} fills only took dust");
        Assert.True(pastFlat > 10, $"{pastFlat} fills took dust past flat");
    }

    /// <summary>Applies the events one by one, asserting after each; returns the book after every event.</summary>
    private static List<ProductBook> Check(CostBasisMethod method, decimal step, IReadOnlyList<Event> events, string name)
    {
        var books = new List<ProductBook>();
        var book = ProductBook.Empty(method, step);
        var fills = new List<TradeFill>();
        var (held, cashFlows, flowsWhileFlat) = (0m, 0m, 0m);
        var (closed, outside, days) = (new List<Position>(), (Realized: 0m, Fees: 0m), default(DayTotals));
        for (var i = 0; i < events.Count; i++)
        {
            var where = $"{name} {method} event {i}";
            var at = Start.AddMinutes(97 * i);
            var before = book;
            if (events[i].Fill is { } fill)
            {
                var outcome = book.Apply(fill, at);
                book = outcome.Book;
                days = days.Plus(outcome.DayChange);
                fills.Add(fill);
                held += fill.Sign * fill.Quantity;
                if (outcome.ClosedRoundTrip)
                {
                    closed.Add(outcome.Position!.Value);
                }

                if (outcome.Position is null)
                {
                    // Only dust was taken: no position has this fill.
                    outside = (outside.Realized + outcome.RealizedPnl, outside.Fees + fill.QuoteFee);
                    Assert.True(before.IsFlat && book.IsFlat && outcome.DustChange == fill.Sign * fill.Quantity, where);
                }

                // What the fill closed, opened and took from the dust is the whole fill.
                var takenFromDust = Math.Max(0m, -outcome.DustChange * Math.Sign(before.Dust));
                Assert.True(outcome.ClosedQuantity + outcome.OpenedQuantity + takenFromDust == fill.Quantity, $"{where}: {outcome.ClosedQuantity} + {outcome.OpenedQuantity} + {takenFromDust}");
                Assert.True(outcome.DustChange == book.Dust - before.Dust, where);

                // A fill that reduced a position and left it open left at least the threshold.
                if (outcome.ClosedQuantity > 0 && !outcome.ClosedRoundTrip)
                {
                    Assert.True(Math.Abs(book.Quantity) >= step, $"{where}: {book.Quantity} left open");
                }
            }
            else
            {
                var outcome = book.ApplyCashFlow(events[i].CashFlow, at);
                flowsWhileFlat += book.IsFlat ? events[i].CashFlow : 0m;
                book = outcome.Book;
                days = days.Plus(outcome.DayChange);
                cashFlows += events[i].CashFlow;
            }

            // Held is position plus dust, exactly; dust is never of the other sign than an open position.
            Assert.True(book.Quantity + book.Dust == held, $"{where}: {book.Quantity} + {book.Dust} vs {held}");
            Assert.True(book.Dust == 0 || book.IsFlat || Math.Sign(book.Dust) == book.Direction, $"{where}: dust {book.Dust} with {book.Quantity}");
            Assert.True(book.Lots.Sum(l => l.Quantity) == Math.Abs(book.Quantity), where);
            Assert.True(book.IsFlat == book.OpenPosition is null && (!book.IsFlat || book.Lots.IsEmpty), where);
            Assert.True(book.Dust != 0 || (book.DustNotional == 0 && book.DustFees == 0), $"{where}: no dust, cost {book.DustNotional} {book.DustFees}");

            // Every realized amount and fee is a position's, a dust-only fill's, or a cash flow while flat.
            var positions = book.OpenPosition is { } open ? [.. closed, open] : closed;
            Assert.True(positions.Sum(p => p.RealizedPnl) + outside.Realized + flowsWhileFlat == book.RealizedPnl, $"{where}: positions {positions.Sum(p => p.RealizedPnl)} + {outside.Realized} + {flowsWhileFlat} vs {book.RealizedPnl}");
            Assert.True(positions.Sum(p => p.Fees) + outside.Fees == book.Fees, where);
            Assert.True(closed.Count == book.Trades && closed.Count(p => p.RealizedPnl > 0) == book.Wins, where);
            Assert.True(days == new DayTotals(book.RealizedPnl, book.Fees, book.Fills, book.Trades, book.Wins), where);

            // Realized + unrealized (the dust's included) is every cash movement plus what is held at the mark.
            foreach (var mark in new[] { events[i].Price, 0m, events[i].Price * 1.37m })
            {
                var expected = Fills.CashAtMark(fills, cashFlows, mark);
                var actual = book.RealizedPnl + book.UnrealizedPnl(mark);
                Assert.True(expected == actual, $"{where} mark {mark}: {actual} vs {expected}");
            }

            books.Add(book);
        }

        var replayed = ProductBook.Replay(method, fills, step);
        Assert.Equal((book.Quantity, book.Dust, book.DustNotional, book.DustFees, book.Trades), (replayed.Quantity, replayed.Dust, replayed.DustNotional, replayed.DustFees, replayed.Trades));
        Assert.Equal(book.RealizedPnl - cashFlows, replayed.RealizedPnl);
        return books;
    }

    /// <summary>
    /// A bot trading in whole steps: it buys k steps and receives them less 0.075 % or 0.1 % (the fee taken in
    /// the coin, worth that share of the notional), and sells what it holds rounded down to the step, or part
    /// of it, or everything including the dust, or more; now and then a funding payment.
    /// </summary>
    private static List<Event> Generate(decimal step, int seed)
    {
        var random = new Random(seed);
        var events = new List<Event>();
        var price = random.Next(500, 5000) / 10m;
        var (position, dust) = (0m, 0m);
        for (var i = 0; i < StepsPerSequence; i++)
        {
            price = Math.Max(0.1m, price + (random.Next(-30, 31) / 10m));
            if (random.Next(12) == 0)
            {
                events.Add(new Event(null, random.Next(-300, 301) / 100m, price));
                continue;
            }

            TradeFill fill;
            var whole = Math.Floor(position / step) * step;
            var roll = random.Next(10);
            if (position < 0)
            {
                // Short after going through zero: bought back exactly, or beyond.
                fill = new TradeFill(Side.Buy, -position + (roll < 7 ? 0m : random.Next(1, 100) * step), price, 0m);
            }
            else if (roll >= 4 && roll <= 5 && whole > 0)
            {
                // All it can: the rest, below one step, is dust.
                fill = new TradeFill(Side.Sell, whole, price, Math.Round(whole * price * 0.001m, 8));
            }
            else if (roll == 6 && position > step)
            {
                // Part of it.
                fill = new TradeFill(Side.Sell, Math.Max(step, Math.Floor(whole / step / 2) * step), price, 0m);
            }
            else if (roll == 7 && position + dust > 0)
            {
                // Everything held, leftovers included.
                fill = new TradeFill(Side.Sell, position + dust, price, Math.Round((position + dust) * price * 0.001m, 8));
            }
            else if (roll == 8 && dust > 0 && position == 0)
            {
                // Some of the dust from flat.
                fill = new TradeFill(Side.Sell, Math.Max(dust / 2, dust - step), price, 0m);
            }
            else if (roll == 9)
            {
                // More than is held: through zero.
                fill = new TradeFill(Side.Sell, position + dust + (random.Next(1, 50) * step), price, Math.Round(price * step, 8));
            }
            else
            {
                var bought = random.Next(1, 400) * step;
                var feeShare = random.Next(3) switch { 0 => 0m, 1 => 0.00075m, _ => 0.001m };
                var received = bought - Math.Round(bought * feeShare, 12);
                fill = new TradeFill(Side.Buy, received, price, Math.Round((bought - received) * price, 12));
            }

            var signed = fill.Sign * fill.Quantity;
            (position, dust) = Track(position, dust, signed, step);
            events.Add(new Event(fill, 0m, price));
        }

        return events;
    }

    /// <summary>What the generator believes is held after a fill, to shape the next one (long side only).</summary>
    private static (decimal Position, decimal Dust) Track(decimal position, decimal dust, decimal signed, decimal step)
    {
        if (signed > 0)
        {
            return (position + signed, dust);
        }

        var sold = -signed;
        if (position > 0)
        {
            var left = position - sold;
            if (left > 0)
            {
                return left < step ? (0m, dust + left) : (left, dust);
            }

            sold = -left;
            position = 0;
        }

        if (position < 0)
        {
            return (position - sold, dust);
        }

        var fromDust = Math.Min(sold, dust);
        return (-(sold - fromDust), dust - fromDust);
    }

    private sealed record Event(TradeFill? Fill, decimal CashFlow, decimal Price);
}
