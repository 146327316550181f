using Tradebook.Import.Reconciliation;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Freqtrade;
using Tradebook.Import.Tests.Freqtrade;
using Xunit.Abstractions;

namespace Tradebook.Import.Tests.Reconciliation;

public sealed class RealDatabaseReconciliationTests(ITestOutputHelper output)
{
    /// <summary>
    /// Stated tolerance for a whole database: total computed minus total stored, over trades whose
    /// difference is not explained, must stay within 0.1 % of the stored gross (sum of |profit|).
    /// </summary>
    private const decimal UnexplainedShareOfGross = 0.001m;

    [Theory]
    [MemberData(nameof(RealDbs.FreqtradeCases), MemberType = typeof(RealDbs))]
    public void every_difference_is_explained_or_within_the_stated_tolerance(string file)
    {
        var set = new FreqtradeReader().Read(RealDbs.PathOf(file), new ImportOptions());

        var report = Reconciler.Reconcile(set);

        foreach (var row in report.Trades.Where(r => r.Reason != DifferenceReason.None))
        {
            output.WriteLine($"{row.SourceRef} {row.Symbol} open={row.IsOpen} stored={row.Stored} computed={row.Computed} diff={row.Difference} {row.Reason} {string.Join(",", row.UnconvertedFees.Select(kv => $"{kv.Value} {kv.Key}"))}");
        }

        var overall = report.Overall;
        output.WriteLine($"TOTAL stored={overall.Stored} computed={overall.Computed} diff={overall.Difference} unexplained={overall.Unexplained} {string.Join(",", overall.ByReason.Select(kv => $"{kv.Key}={kv.Value}"))}");
        var gross = report.Trades.Sum(r => Math.Abs(r.Stored ?? 0));
        Assert.Equal(set.ReportedTrades.Count, report.Trades.Count);
        Assert.InRange(Math.Abs(overall.Unexplained), 0m, gross * UnexplainedShareOfGross);
        Assert.DoesNotContain(report.Trades, r => r.Reason == DifferenceReason.Unknown);
    }

    [Theory]
    [InlineData("smoke22n__GKD_troubleshoot__tradesv3.sqlite")]
    [InlineData("ronmegini__Trading-Bot__tradesv3.sqlite")]
    [InlineData("jpiv__CryptoTradingRL__tradesv3.dryrun.sqlite")]
    public void closed_trades_with_fees_in_the_quote_currency_match_to_the_stored_rounding(string file)
    {
        var report = Reconciler.Reconcile(new FreqtradeReader().Read(RealDbs.PathOf(file), new ImportOptions()));

        Assert.All(report.Trades.Where(r => !r.IsOpen), r => Assert.Contains(r.Reason, new[] { DifferenceReason.None, DifferenceReason.Rounding }));
    }

    [Fact]
    public void fees_in_bnb_are_kept_apart_by_currency_and_explained()
    {
        var report = Reconciler.Reconcile(new FreqtradeReader().Read(RealDbs.PathOf(RealDbs.Wal), new ImportOptions()));

        Assert.True(report.Overall.UnconvertedFees.ContainsKey("BNB"));
        Assert.All(report.Trades.Where(r => r.UnconvertedFees.Count > 0), r => Assert.Equal(DifferenceReason.FeeNotConverted, r.Reason));
    }
}
