using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;

namespace Tradebook.Core.Tests.Accounting;

public sealed class FillValidationTests
{
    private static readonly DateTimeOffset At = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static FillRecord Fill(string id = "f1", string symbol = "BTC/USDT", decimal quantity = 1, decimal price = 100) =>
        new("alpha", id, symbol, Side.Buy, quantity, price, 0, null, At);

    public static TheoryData<string, string, decimal, decimal, FillProblem, string> Problems() => new()
    {
        { "", "BTC/USDT", 1m, 100m, FillProblem.MissingId, "a fill of bot 'alpha' has no id" },
        { " ", "BTC/USDT", 1m, 100m, FillProblem.MissingId, "a fill of bot 'alpha' has no id" },
        { "f1", "", 1m, 100m, FillProblem.MissingSymbol, "fill 'f1' has no symbol" },
        { "f1", "BTC/USDT", 0m, 100m, FillProblem.QuantityNotPositive, "fill 'f1' has quantity 0; it must be positive (the side says buy or sell)" },
        { "f1", "BTC/USDT", -1.5m, 100m, FillProblem.QuantityNotPositive, "fill 'f1' has quantity -1.5; it must be positive (the side says buy or sell)" },
        { "f1", "BTC/USDT", 1m, -0.01m, FillProblem.NegativePrice, "fill 'f1' has a negative price -0.01" },
        // The first problem is the one reported: an id is needed to name the fill in the others.
        { "", "", 0m, -1m, FillProblem.MissingId, "a fill of bot 'alpha' has no id" },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void a_fill_record_that_cannot_be_recorded_is_named_with_what_to_fix(string id, string symbol, decimal quantity, decimal price, FillProblem problem, string message)
    {
        var fill = Fill(id, symbol, quantity, price);

        Assert.Equal(problem, FillValidation.Check(fill));
        Assert.Equal(message, FillValidation.Describe(fill, problem));
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(0.00000001, 0)]
    public void a_positive_quantity_at_a_price_of_zero_or_more_passes(decimal quantity, decimal price)
    {
        Assert.Equal(FillProblem.None, FillValidation.Check(Fill(quantity: quantity, price: price)));
        new TradeFill(Side.Sell, quantity, price, 0).Validate();
    }

    [Theory]
    [InlineData(0, 10, FillProblem.QuantityNotPositive)]
    [InlineData(-2, 10, FillProblem.QuantityNotPositive)]
    [InlineData(1, -10, FillProblem.NegativePrice)]
    public void a_book_refuses_exactly_the_amounts_the_record_check_refuses(decimal quantity, decimal price, FillProblem problem)
    {
        // One rule for both: a record is checked where it enters, and a book throws if a bad one slips through.
        Assert.Equal(problem, FillValidation.Check(Fill(quantity: quantity, price: price)));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ProductBook.Empty(CostBasisMethod.Average).Apply(new TradeFill(Side.Buy, quantity, price, 0)));
        Assert.Equal(problem == FillProblem.NegativePrice ? "Price" : "Quantity", error.ParamName);
    }

    [Fact]
    public void a_fill_without_a_problem_has_nothing_to_describe()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FillValidation.Describe(Fill(), FillProblem.None));
    }
}
