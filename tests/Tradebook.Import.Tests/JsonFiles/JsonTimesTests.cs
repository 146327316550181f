using static Tradebook.Import.Tests.JsonFiles.JsonTrades;

namespace Tradebook.Import.Tests.JsonFiles;

/// <summary>
/// The times a bot's JSON files write, read as the files write them. Dates of numbers were read month first
/// whatever the files, so a European bot's trades of the first twelve days of a month went to other months and
/// the rest were refused; an epoch in microseconds was refused as out of range.
/// </summary>
public sealed class JsonTimesTests
{
    [Fact]
    public void dates_written_day_first_are_read_day_first()
    {
        var import = Read(Trade("t-1", "\"02.01.2024 10:00\""), Trade("t-2", "\"13.01.2024 11:30\""));

        Assert.Equal(
            [new DateTimeOffset(2024, 1, 2, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 1, 13, 11, 30, 0, TimeSpan.Zero)],
            import.Set.Fills.Select(f => f.Timestamp));
        Assert.Empty(import.Set.Rejections);
        Assert.DoesNotContain(import.Set.Warnings, w => w.Contains("02/01/2024", StringComparison.Ordinal));
    }

    [Fact]
    public void dates_written_month_first_are_read_month_first()
    {
        var import = Read(Trade("t-1", "\"02/01/2024 10:00\""), Trade("t-2", "\"01/13/2024 11:30\""));

        Assert.Equal(
            [new DateTimeOffset(2024, 1, 13, 11, 30, 0, TimeSpan.Zero), new DateTimeOffset(2024, 2, 1, 10, 0, 0, TimeSpan.Zero)],
            import.Set.Fills.Select(f => f.Timestamp).Order());
    }

    [Fact]
    public void dates_that_never_show_their_order_are_read_as_assumed_and_said_so()
    {
        var import = Read(Trade("t-1", "\"02.01.2024 10:00\""), Trade("t-2", "\"03.01.2024 10:00\""));

        Assert.Equal(new DateTimeOffset(2024, 1, 2, 10, 0, 0, TimeSpan.Zero), import.Set.Fills.Min(f => f.Timestamp));
        Assert.Contains(import.Set.Warnings, w => w.Contains("none shows which number is the day", StringComparison.Ordinal)
            && w.Contains("day first", StringComparison.Ordinal));
    }

    [Fact]
    public void dates_written_both_ways_are_none_of_them_read()
    {
        var import = Read(Trade("t-1", "\"13/01/2024 10:00\""), Trade("t-2", "\"01/14/2024 10:00\""), Trade("t-3", "\"2024-01-15T10:00:00Z\""));

        var kept = Assert.Single(import.Set.Fills);
        Assert.Equal("t-3", kept.Id);
        Assert.Equal(2, import.Set.Rejections.Count(r => r.Reason.Contains("day first or month first", StringComparison.Ordinal)));
        Assert.Contains(import.Set.Warnings, w => w.Contains("both day first and month first", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1704189600", "2024-01-02T10:00:00Z")]
    [InlineData("1704189600123", "2024-01-02T10:00:00.123Z")]
    [InlineData("1704189600123456", "2024-01-02T10:00:00.123456Z")]
    [InlineData("1704189600123456789", "2024-01-02T10:00:00.1234567Z")]
    [InlineData("\"1704189600123456\"", "2024-01-02T10:00:00.123456Z")]
    [InlineData("1704189600.5", "2024-01-02T10:00:00.5Z")]
    public void epochs_are_read_in_the_unit_their_size_shows(string written, string expected)
    {
        var import = Read(Trade("t-1", written));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Assert.Single(import.Set.Fills).Timestamp);
    }

    private static string Trade(string id, string time) =>
        $$"""{"id": "{{id}}", "timestamp": {{time}}, "symbol": "BTCUSD", "side": "buy", "amount": 0.1, "price": 42000, "fee": 1}""";
}
