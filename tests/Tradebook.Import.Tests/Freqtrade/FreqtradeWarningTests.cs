using System.Globalization;
using System.Text;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Freqtrade;
using Tradebook.Import.Tests.Writing;

namespace Tradebook.Import.Tests.Freqtrade;

/// <summary>Warnings about single rows of a freqtrade database are capped, as every streaming reader's are.</summary>
public sealed class FreqtradeWarningTests
{
    [Fact]
    public void orders_of_no_stored_trade_are_each_rejected_and_the_warnings_name_the_first_100_and_count_the_rest()
    {
        // A trades table trimmed away leaves every order an orphan: a warning per order was held to the end of the
        // read and printed whole in the report.
        using var source = BoundedFreqtradeImportTests.Generated(4);
        var orphans = new StringBuilder();
        for (var i = 0; i < 150; i++)
        {
            orphans.Append(CultureInfo.InvariantCulture, $"INSERT INTO orders VALUES ({500_000 + i}, {900_000 + i}, 'buy', 'BTC/USDT', 'ex-lost-{i}', 'closed', 'limit', 'buy', 1, 1, 1, 1, 1, '2024-05-01 00:00:00', NULL);");
        }

        source.Execute(orphans.ToString());

        var set = new FreqtradeReader().Read(source.Path, new ImportOptions());

        Assert.Equal(151, set.Rejections.Count(r => r.Reason.Contains("no stored trade", StringComparison.Ordinal)));
        Assert.Equal(100, set.Warnings.Count(w => w.Contains(": order of no stored trade", StringComparison.Ordinal)));
        Assert.Contains("and 51 more orders of no stored trade", set.Warnings);
    }
}
