using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Csv;
using Tradebook.Import.Tests.GenericTrades;

namespace Tradebook.Import.Tests.Csv;

/// <summary>
/// Dates written with numbers only (02/01/2024, 13.01.2024) are read in their column's order, found from its values.
/// Before, every one was read month first: a European file had its first twelve days' trades put in other months
/// and the rest refused.
/// </summary>
public sealed class DateOrderTests : IDisposable
{
    private readonly ScratchDatabase _folder = new("SELECT 1");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("02.01.2024 10:00:00", "13.01.2024 09:05:00")]
    [InlineData("02/01/2024 10:00", "13/01/2024 09:05")]
    [InlineData("2-1-2024 10:00", "13-1-2024 9:05")]
    [InlineData("02/01/24 10:00", "13/01/24 09:05")]
    public void a_column_whose_dates_show_the_day_first_is_read_day_first(string first, string second)
    {
        var set = Read(first, second);

        Assert.Empty(set.Rejections);
        Assert.Equal([At(2024, 1, 2, 10, 0), At(2024, 1, 13, 9, 5)], set.Fills.Select(f => f.Timestamp));
        Assert.Contains("dates day first", set.Source.Generation, StringComparison.Ordinal);
        Assert.DoesNotContain(set.Warnings, w => w.Contains("02/01/2024", StringComparison.Ordinal));
    }

    [Fact]
    public void a_short_iso_date_year_first_is_not_taken_for_a_day_first_date()
    {
        var set = Read("24-01-02 10:00:00", "24-01-13 09:05:00");

        Assert.DoesNotContain("dates day first", set.Source.Generation, StringComparison.Ordinal);
        Assert.DoesNotContain(set.Fills, f => f.Timestamp.Year == 2002);
    }

    [Fact]
    public void a_column_whose_dates_show_the_month_first_is_read_month_first_with_its_hours()
    {
        var set = Read("1/2/2024 3:35:00 PM", "1/13/2024 9:05:00 AM");

        Assert.Equal([At(2024, 1, 2, 15, 35), At(2024, 1, 13, 9, 5)], set.Fills.Select(f => f.Timestamp));
        Assert.Contains("dates month first", set.Source.Generation, StringComparison.Ordinal);
    }

    [Fact]
    public void dates_that_never_show_their_order_are_read_as_their_separator_suggests_and_said_so()
    {
        var slashes = Read("02/01/2024 10:00", "03/01/2024 10:00");
        var points = Read("02.01.2024 10:00", "03.01.2024 10:00");

        Assert.Equal([At(2024, 2, 1, 10, 0), At(2024, 3, 1, 10, 0)], slashes.Fills.Select(f => f.Timestamp));
        Assert.Contains(slashes.Warnings, w => w.Contains("read month first (February 1)", StringComparison.Ordinal) && w.Contains("\"date_order\": \"day_first\"", StringComparison.Ordinal));
        Assert.Equal([At(2024, 1, 2, 10, 0), At(2024, 1, 3, 10, 0)], points.Fills.Select(f => f.Timestamp));
        Assert.Contains(points.Warnings, w => w.Contains("read day first (2 January)", StringComparison.Ordinal));
    }

    [Fact]
    public void a_mapping_file_gives_the_order_where_the_dates_cannot()
    {
        var mapping = _folder.WriteFile("mapping.json", """{"date_order": "day_first"}""");

        var set = Read("02/01/2024 10:00", "03/01/2024 10:00", mapping);

        Assert.Equal([At(2024, 1, 2, 10, 0), At(2024, 1, 3, 10, 0)], set.Fills.Select(f => f.Timestamp));
        Assert.DoesNotContain(set.Warnings, w => w.Contains("02/01/2024", StringComparison.Ordinal));
    }

    [Fact]
    public void a_column_of_both_orders_has_none_of_its_dates_guessed()
    {
        var set = Read("13/01/2024 10:00", "01/14/2024 10:00");

        Assert.Empty(set.Fills);
        Assert.All(set.Rejections, r => Assert.Contains("may be day first or month first", r.Reason, StringComparison.Ordinal));
        Assert.Contains(set.Warnings, w => w.Contains("both day first and month first", StringComparison.Ordinal));
    }

    [Fact]
    public void a_mapping_s_date_order_must_be_one_it_knows()
    {
        var mapping = _folder.WriteFile("bad.json", """{"date_order": "european"}""");

        var error = Assert.Throws<InvalidDataException>(() => Read("02/01/2024 10:00", "03/01/2024 10:00", mapping));

        Assert.Contains("\"date_order\" must be \"month_first\" or \"day_first\"", error.Message, StringComparison.Ordinal);
    }

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private ImportSet Read(string first, string second, string? mapping = null)
    {
        var path = _folder.WriteFile($"trades-{Guid.NewGuid():N}.csv", $"""
            time,symbol,side,qty,price
            "{first}",BTC/EUR,buy,0.5,42000
            "{second}",BTC/EUR,sell,0.5,43000
            """);
        return new CsvTradesReader().Read(path, new ImportOptions { MappingFile = mapping });
    }
}
