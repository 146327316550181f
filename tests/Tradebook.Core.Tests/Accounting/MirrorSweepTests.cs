using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;

namespace Tradebook.Core.Tests.Accounting;

/// <summary>
/// Every long scenario, under both methods, turned into its short: the engine must treat the two
/// directions as exact mirrors of each other.
/// </summary>
public sealed class MirrorSweepTests
{
    // Prices are reflected about this axis, so it sits above every price in the scenarios.
    private const decimal Axis = 200m;

    private static readonly string[] Scenarios =
    [
        "B100@10 B100@15 S50@12 S100@20",
        "B100@10 B100@15 S50@12 S100@20 S50@20",
        "B100@10/1 S100@12/1",
        "B1@100/1 S1@101/1",
        "B100@10/2 S150@12/3 B80@11/1.6",
        "B10@50/0.5 S3@55/0.1 B4@52/0.2 S11@60/0.3 B2@58",
        "B3@7/0.03 B4@9/0.05 S5@8/0.02 S2@11/0.01",
        "B0.3@33.33/0.01 S0.1@40 S0.2@30",
        "B1@10 B1@11 B1@12 S2@13 B5@9/0.07 S4@15/0.11 S3@14",
        "B2@100 S1@110 S1@95 B1@90 S2@80",
    ];

    private static readonly decimal[] Marks = [0m, 9.5m, 12m, 57.25m, 150m];

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
    [MemberData(nameof(MethodsAndScenarios))]
    public void a_short_mirrored_in_price_realizes_exactly_what_the_long_did(CostBasisMethod method, string scenario)
    {
        var longFills = Fills.Parse(scenario);
        var shortFills = Fills.Mirror(longFills, Axis);

        var longBooks = Steps(method, longFills);
        var shortBooks = Steps(method, shortFills);

        for (var i = 0; i < longBooks.Count; i++)
        {
            var (l, s) = (longBooks[i], shortBooks[i]);
            Assert.Equal(l.RealizedPnl, s.RealizedPnl);
            Assert.Equal(-l.Quantity, s.Quantity);
            Assert.Equal(l.Fees, s.Fees);
            Assert.Equal((l.Trades, l.Wins), (s.Trades, s.Wins));
            Assert.Equal(l.EntryFees, s.EntryFees);
            foreach (var mark in Marks)
            {
                Assert.Equal(l.UnrealizedPnl(mark), s.UnrealizedPnl(Axis - mark));
            }

            if (!l.IsFlat)
            {
                // The short's entry notional is the long's reflected: |q| x axis - notional.
                Assert.Equal((Math.Abs(l.Quantity) * Axis) - l.EntryNotional, s.EntryNotional);
            }
        }
    }

    [Theory]
    [MemberData(nameof(MethodsAndScenarios))]
    public void the_same_trades_on_the_other_side_lose_what_the_long_won_and_both_pay_the_fees(CostBasisMethod method, string scenario)
    {
        var longFills = Fills.Parse(scenario);
        var longBook = ProductBook.Replay(method, longFills);
        var shortBook = ProductBook.Replay(method, Fills.SwapSides(longFills));

        Assert.Equal(-longBook.Quantity, shortBook.Quantity);
        Assert.Equal(longBook.Fees, shortBook.Fees);
        Assert.Equal(longBook.AverageEntryPrice, shortBook.AverageEntryPrice);
        foreach (var mark in Marks)
        {
            // Gross P&L cancels out; what is left is each side's fees.
            var longTotal = longBook.RealizedPnl + longBook.UnrealizedPnl(mark);
            var shortTotal = shortBook.RealizedPnl + shortBook.UnrealizedPnl(mark);
            Assert.Equal(-2 * longBook.Fees, longTotal + shortTotal);
        }

        if (longBook.Fees == 0)
        {
            Assert.Equal(-longBook.RealizedPnl, shortBook.RealizedPnl);
        }
    }

    [Theory]
    [MemberData(nameof(MethodsAndScenarios))]
    public void realized_plus_unrealized_equals_the_cash_moved_plus_the_open_quantity_at_the_mark(CostBasisMethod method, string scenario)
    {
        foreach (var fills in new[] { Fills.Parse(scenario), Fills.Mirror(Fills.Parse(scenario), Axis) })
        {
            var book = ProductBook.Replay(method, fills);
            foreach (var mark in Marks)
            {
                Assert.Equal(Fills.CashAtMark(fills, 0, mark), book.RealizedPnl + book.UnrealizedPnl(mark));
            }
        }
    }

    private static List<ProductBook> Steps(CostBasisMethod method, IEnumerable<TradeFill> fills)
    {
        var books = new List<ProductBook>();
        var book = ProductBook.Empty(method);
        foreach (var fill in fills)
        {
            book = book.Apply(fill).Book;
            books.Add(book);
        }

        return books;
    }
}
