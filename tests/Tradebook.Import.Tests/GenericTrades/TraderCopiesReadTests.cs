using Tradebook.Import.Sources;
using Tradebook.Import.Sources.GenericTrades;

namespace Tradebook.Import.Tests.GenericTrades;

public sealed class TraderCopiesReadTests
{
    private static readonly DateTimeOffset Earliest = DateTimeOffset.Parse("2025-08-20T00:09:21Z", System.Globalization.CultureInfo.InvariantCulture);

    private readonly GenericTradesReader _reader = new();

    [Theory]
    [InlineData(TraderSamples.Main)]
    [InlineData(TraderSamples.Backend)]
    [InlineData(TraderSamples.Backup)]
    public void sqlite_copies_are_recognised(string file) => Assert.True(_reader.CanRead(TraderSamples.PathOf(file)));

    [Fact]
    public void a_db_file_that_is_not_sqlite_is_not_recognised() =>
        Assert.False(_reader.CanRead(TraderSamples.PathOf(TraderSamples.CeleryBeat)));

    [Fact]
    public void reading_a_db_file_that_is_not_sqlite_fails_clearly()
    {
        var error = Assert.Throws<InvalidDataException>(() => _reader.Read(TraderSamples.PathOf(TraderSamples.CeleryBeat), new ImportOptions()));
        Assert.Contains("not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Contains("ce9a5713", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void main_copy_has_every_row_once_and_orphans_under_placeholders()
    {
        var source = _reader.ReadSource(TraderSamples.PathOf(TraderSamples.Main), new ImportOptions());
        var set = source.Set;

        Assert.Equal(3606, set.Fills.Count);
        Assert.Empty(set.Duplicates);
        Assert.Empty(set.Rejections);
        Assert.True(source.HasFees);
        Assert.Equal(5, source.BotRefs!.Count);
        Assert.Equal(79, source.OrphanRows);
        Assert.Equal(["10", "11", "6", "7", "8", "9"], source.MissingBots!.Values.Order(StringComparer.Ordinal));
        Assert.Equal(Earliest, set.Fills.Min(f => f.Timestamp));
        Assert.Equal(DateTimeOffset.Parse("2025-09-17T16:04:27Z", System.Globalization.CultureInfo.InvariantCulture), set.Fills.Max(f => f.Timestamp));
        Assert.Equal("sqlite-trades", set.Source.Format);
    }

    [Fact]
    public void stale_copy_repeats_are_imported_once_and_counted()
    {
        var source = _reader.ReadSource(TraderSamples.PathOf(TraderSamples.Backend), new ImportOptions());
        var set = source.Set;

        Assert.Equal(6067, set.Fills.Count + set.Duplicates.Count);
        Assert.Equal(3453, set.Fills.Count);
        Assert.Equal(2614, set.Duplicates.Count);
        Assert.Empty(set.Rejections);
        Assert.Equal(11, set.Bots.Count);
        Assert.Equal(0, source.OrphanRows);
        Assert.Equal(DateTimeOffset.Parse("2025-09-15T21:05:16Z", System.Globalization.CultureInfo.InvariantCulture), set.Fills.Max(f => f.Timestamp));
    }

    [Fact]
    public void older_schema_without_fee_and_parameters_is_read()
    {
        var source = _reader.ReadSource(TraderSamples.PathOf(TraderSamples.Backup), new ImportOptions());
        var set = source.Set;

        Assert.False(source.HasFees);
        Assert.Equal(3100, set.Fills.Count);
        Assert.Empty(set.Duplicates);
        Assert.All(set.Fills, f => Assert.Equal(0m, f.Fee));
        Assert.Equal(5, set.Bots.Count);
        Assert.All(set.Bots, b => Assert.Null(b.Config));
        Assert.Contains(set.Warnings, w => w.Contains("no fee column", StringComparison.Ordinal));
        Assert.Equal(DateTimeOffset.Parse("2025-09-13T12:11:35Z", System.Globalization.CultureInfo.InvariantCulture), set.Fills.Max(f => f.Timestamp));
    }

    [Fact]
    public void bots_take_name_strategy_and_parameters_from_the_bots_table()
    {
        var set = _reader.Read(TraderSamples.PathOf(TraderSamples.Main), new ImportOptions());
        var bot = Assert.Single(set.Bots, b => b.Name == "ETH AI Signal");

        Assert.Equal("ai_signal", bot.StrategyName);
        Assert.Contains("\"max_trades_per_day\": 24", bot.Config, StringComparison.Ordinal);
        Assert.Equal(Tradebook.Core.Domain.BotMode.Live, bot.Mode);
    }

    [Fact]
    public void real_values_keep_their_decimal_digits()
    {
        var set = _reader.Read(TraderSamples.PathOf(TraderSamples.Main), new ImportOptions());
        var fill = Assert.Single(set.Fills, f => f.Id == "3fdc8154-6d95-4458-a398-41d143dca64f");

        Assert.Equal("BTC DCA Accumulator", fill.Bot);
        Assert.Equal("BTC-USD", fill.Symbol);
        Assert.Equal(Tradebook.Core.Domain.Side.Buy, fill.Side);
        Assert.Equal(0.00050517m, fill.Quantity);
        Assert.Equal(111973.4m, fill.Price);
        Assert.Equal(0.33939361m, fill.Fee);
        Assert.Equal("trades.id=3", fill.Provenance?.SourceRef);
    }
}
