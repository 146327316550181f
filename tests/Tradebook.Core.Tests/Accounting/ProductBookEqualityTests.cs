using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using static Tradebook.Core.Tests.Accounting.Fills;

namespace Tradebook.Core.Tests.Accounting;

public sealed class ProductBookEqualityTests
{
    [Fact]
    public void a_replayed_book_equals_the_book_built_fill_by_fill()
    {
        TradeFill[] fills = [Buy(1, 10, 0.01m), Buy(2, 11), Sell(1, 12)];
        var stepwise = ProductBook.Empty(CostBasisMethod.Fifo);
        foreach (var fill in fills)
        {
            stepwise = stepwise.Apply(fill).Book;
        }

        var replayed = ProductBook.Replay(CostBasisMethod.Fifo, fills);

        Assert.Equal(stepwise, replayed);
        Assert.True(stepwise == replayed);
        Assert.Equal(stepwise.GetHashCode(), replayed.GetHashCode());
    }

    [Fact]
    public void books_with_the_same_totals_but_other_lots_differ()
    {
        // Both hold 2 for 20 in all, but FIFO keeps the lots apart: 1 @ 5 and 1 @ 15 against 1 @ 10 twice.
        var a = ProductBook.Replay(CostBasisMethod.Fifo, [Buy(1, 5), Buy(1, 15)]);
        var b = ProductBook.Replay(CostBasisMethod.Fifo, [Buy(1, 10), Buy(1, 10)]);

        Assert.Equal(a.EntryNotional, b.EntryNotional);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void books_of_different_methods_differ()
    {
        Assert.NotEqual(ProductBook.Empty(CostBasisMethod.Average), ProductBook.Empty(CostBasisMethod.Fifo));
        Assert.Equal(ProductBook.Empty(CostBasisMethod.Fifo), ProductBook.Empty(CostBasisMethod.Fifo));
    }

    [Fact]
    public void the_same_amount_written_with_more_decimals_is_equal()
    {
        var a = ProductBook.Replay(CostBasisMethod.Average, [Buy(1, 10)]);
        var b = ProductBook.Replay(CostBasisMethod.Average, [Buy(1.000m, 10.00m)]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }
}
