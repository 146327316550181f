using Tradebook.Core.Domain;

namespace Tradebook.Core.Tests.Domain;

public sealed class EnumTextTests
{
    [Fact]
    public void every_enum_value_is_written_in_lower_case()
    {
        Assert.Equal("live", BotMode.Live.ToText());
        Assert.Equal("backtest", BotMode.Backtest.ToText());
        Assert.Equal("fifo", CostBasisMethod.Fifo.ToText());
        Assert.Equal("sell", Side.Sell.ToText());
        Assert.Equal("perpetual", InstrumentKind.Perpetual.ToText());
    }

    [Fact]
    public void every_value_of_every_domain_enum_reads_back_from_its_text()
    {
        RoundTrips<BotMode>();
        RoundTrips<CashFlowKind>();
        RoundTrips<CostBasisMethod>();
        RoundTrips<InstrumentKind>();
        RoundTrips<Side>();
        RoundTrips<OrderStatus>();
        RoundTrips<ImportBatchStatus>();
        RoundTrips<Tradebook.Core.Accounting.PositionStatus>();
        RoundTrips<Tradebook.Core.Accounting.PositionDirection>();
        RoundTrips<Tradebook.Core.Bots.BotStatus>();
    }

    [Fact]
    public void a_name_of_several_words_is_written_in_snake_case_and_read_in_either_form()
    {
        // import_batches.status holds 'rolled_back' (the schema's CHECK); the C# name reads too, as single words always did.
        Assert.Equal("rolled_back", ImportBatchStatus.RolledBack.ToText());
        Assert.Equal(ImportBatchStatus.RolledBack, EnumText.Parse<ImportBatchStatus>("rolled_back"));
        Assert.Equal(ImportBatchStatus.RolledBack, EnumText.Parse<ImportBatchStatus>("RolledBack"));
        Assert.False(EnumText.TryParse<ImportBatchStatus>("rolled back", out _));
    }

    [Theory]
    [InlineData("paper")]
    [InlineData("Paper")]
    [InlineData("PAPER")]
    [InlineData("  paper\t")]
    public void parsing_ignores_case_and_surrounding_space(string text)
    {
        Assert.Equal(BotMode.Paper, EnumText.Parse<BotMode>(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("1")]
    [InlineData(" 1 ")]
    [InlineData("-1")]
    [InlineData("+2")]
    [InlineData("99")]
    [InlineData("papers")]
    [InlineData("live,paper")]
    [InlineData("live, backtest")]
    public void numbers_unknown_names_and_lists_are_refused(string? text)
    {
        Assert.False(EnumText.TryParse<BotMode>(text, out var value));
        Assert.Equal(default, value);
    }

    [Fact]
    public void a_list_of_sides_is_not_read_as_one_of_them()
    {
        // "buy,sell" once combined the values as flags (0 | 1) and came back as Sell.
        Assert.False(EnumText.TryParse<Side>("buy,sell", out _));
    }

    [Fact]
    public void a_refused_text_names_the_expected_values()
    {
        var error = Assert.Throws<FormatException>(() => EnumText.Parse<Side>("hold"));

        Assert.Contains("'hold'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Side", error.Message, StringComparison.Ordinal);
        Assert.Contains("buy, sell", error.Message, StringComparison.Ordinal);
    }

    private static void RoundTrips<T>()
        where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            Assert.Equal(value, EnumText.Parse<T>(value.ToText()));
            Assert.Equal(value, EnumText.Parse<T>(value.ToText().ToUpperInvariant()));
        }
    }
}
