using Tradebook.Core;
using Tradebook.Import.Sources;

namespace Tradebook.Import.Tests.Writing;

public sealed class SourceDetectorTests
{
    private static string RealDb(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", "real-dbs", file);

    [Fact]
    public void a_freqtrade_database_is_detected_before_the_generic_trade_reader()
    {
        Assert.Equal("freqtrade", new SourceDetector().Detect(RealDb("jpiv__CryptoTradingRL__tradesv3.dryrun.sqlite")).Format);
    }

    [Fact]
    public void a_forced_format_wins_and_an_unknown_one_is_named()
    {
        var detector = new SourceDetector();
        var path = RealDb("jpiv__CryptoTradingRL__tradesv3.dryrun.sqlite");

        Assert.Equal("sqlite-trades", detector.Detect(path, "sqlite-trades").Format);
        var error = Assert.Throws<TradebookException>(() => detector.Detect(path, "nope"));
        Assert.Contains("freqtrade", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_file_that_is_not_a_database_is_described_by_its_first_bytes()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "hello");

            var error = Assert.Throws<TradebookException>(() => new SourceDetector().Detect(path));

            Assert.Equal(ErrorCode.InvalidInput, error.Code);
            Assert.Contains("not a SQLite database: first bytes 68 65 6c 6c 6f", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
