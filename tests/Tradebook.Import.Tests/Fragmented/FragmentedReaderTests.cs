using System.Globalization;
using Tradebook.Core.Domain;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Fragmented;

namespace Tradebook.Import.Tests.Fragmented;

// Figures are those of the sample's expected.json (its paths are relative to the sample, ours to the data folder).
public sealed class FragmentedReaderTests(FragmentedFixture fixture) : IClassFixture<FragmentedFixture>
{
    private FragmentedImport Import => fixture.WithWal;

    private ImportSet Set => fixture.WithWal.Set;

    [Fact]
    public void sqlite_files_are_found_by_header_and_tables_by_columns()
    {
        Assert.Equal(76, Import.SqliteFiles);
        Assert.Equal(["cache.db"], Import.DatabasesWithoutTables);
        Assert.Equal(["ledger.db-shm", "ledger.db-wal"], Import.WalFiles);
        Assert.Equal(640, Import.TableRowCounts["ledger.db"]["trades"]);
        Assert.Equal(455, Import.TableRowCounts["ledger.db"]["cash_flows"]);
        Assert.Equal(1032, Import.TableRowCounts["rates.db"]["exchange_rates"]);
        Assert.Equal(516, Import.TableRowCounts["snapshots.db"]["portfolio_snapshots"]);
        Assert.Equal(51, Import.TableRowCounts["state.db"]["positions"]);
        Assert.Empty(Import.TableRowCounts["cache.db"]);
    }

    [Fact]
    public void trades_only_in_the_wal_are_read()
    {
        Assert.True(Set.Source.ReadWal);
        Assert.Equal(640, Import.Trades);
        Assert.Equal(640, Set.Fills.Count);
        Assert.Equal(DateTimeOffset.Parse("2025-08-29T03:55:26Z", CultureInfo.InvariantCulture), Import.LatestTradeAt);
        var ids = Set.Fills.Select(f => f.Id).ToHashSet();
        foreach (var id in new[] { "301878691", "919191096", "984767874", "653960772" })
        {
            Assert.Contains(id, ids);
        }

        Assert.Equal(615, fixture.WithoutWal.Trades);
        Assert.Equal(25, ids.Except(fixture.WithoutWal.Set.Fills.Select(f => f.Id)).Count());
        Assert.Equal(DateTimeOffset.Parse("2025-08-07T17:01:33Z", CultureInfo.InvariantCulture), fixture.WithoutWal.LatestTradeAt);
    }

    [Fact]
    public void reading_never_changes_the_source_files()
    {
        var wal = Path.Combine(FragmentedFixture.SampleFolder, "ledger.db-wal");
        var before = File.ReadAllBytes(wal);
        _ = new FragmentedReader().Read(FragmentedFixture.SampleFolder, new ImportOptions());
        Assert.Equal(before, File.ReadAllBytes(wal));
    }

    [Fact]
    public void instruments_are_quoted_in_the_trade_currency_and_rates_are_kept()
    {
        var hk = Set.Fills.Single(f => f.Id == "919191096");
        Assert.Equal("1211.HK/HKD", hk.Symbol);
        Assert.Equal("HKD", Symbol.Parse(hk.Symbol).Quote);
        Assert.Contains(Set.Fills, f => f.Symbol == "SAP.EU/EUR");
        Assert.Contains(Set.Fills, f => f.Symbol == "AMD.US/USD");
        Assert.Equal(["EUR/HKD", "EUR/USD"], Import.ExchangeRatePairs);
        Assert.Contains(Set.FxRates, r => r is { Base: "EUR", Quote: "HKD", Rate: 8.5064m } && r.Timestamp == hk.Timestamp);
        Assert.True(Set.FxRates.Count >= 1032);
    }

    [Fact]
    public void net_quantities_follow_the_ledger_with_its_wal()
    {
        var expected = new Dictionary<string, decimal>
        {
            ["0005.HK"] = 1300m, ["1024.HK"] = 100m, ["2318.HK"] = 1200m, ["AMD.US"] = 67m, ["AVGO.US"] = 100.7927m,
            ["BAC.US"] = 158m, ["KO.US"] = 30m, ["NKE.US"] = 35.0046m, ["OR.EU"] = 0m, ["TTE.EU"] = 0m, ["QCOM.US"] = 0m,
        };
        foreach (var (symbol, quantity) in expected)
        {
            Assert.Equal(quantity, Math.Round(Import.NetQuantityBySymbol[symbol], 6));
        }

        Assert.Equal(55, Import.NetQuantityBySymbol.Count);
        Assert.Equal(82.2131m, Math.Round(fixture.WithoutWal.NetQuantityBySymbol["AVGO.US"], 6));
        Assert.Equal(58m, Math.Round(fixture.WithoutWal.NetQuantityBySymbol["TTE.EU"], 6));
    }

    [Fact]
    public void cached_positions_are_compared_with_the_trades()
    {
        Assert.Equal(51, Import.Positions);
        var mismatch = Assert.Single(Import.PositionMismatches);
        Assert.Equal(new PositionMismatch("KO.US", 24m, 30m), mismatch);
        Assert.Contains(Set.Warnings, w => w.StartsWith("Position KO.US", StringComparison.Ordinal));

        // Without the WAL the ledger is older and 21 positions disagree.
        Assert.Equal(21, fixture.WithoutWal.PositionMismatches.Count);
        Assert.Contains(new PositionMismatch("TTE.EU", 0m, 58m), fixture.WithoutWal.PositionMismatches);
        Assert.Contains(new PositionMismatch("BMY.US", 43.6681m, 87.3362m), fixture.WithoutWal.PositionMismatches);
    }

    [Fact]
    public void cash_flows_and_the_orphan_dividend_are_imported()
    {
        Assert.Equal(24, Import.CashFlowTypes["DEPOSIT"]);
        Assert.Equal(238, Import.CashFlowTypes["DIVIDEND"]);
        Assert.Equal(23, Import.CashFlowTypes["FEE"]);
        Assert.Equal(23, Import.CashFlowTypes["INTEREST"]);
        Assert.Equal(145, Import.CashFlowTypes["TAX"]);
        Assert.Equal(2, Import.CashFlowTypes["WITHDRAWAL"]);
        Assert.Equal(239, Import.Dividends);
        Assert.Equal(new OrphanDividend("74", "143", "OR.EU"), Assert.Single(Import.OrphanDividends));

        // Ledger dividends are not imported twice from the dividend table; the orphan is the only extra flow.
        Assert.Equal(455 + 1, Set.CashFlows.Count);
        var orphan = Set.CashFlows.Single(c => c.Id == "dividend:74");
        Assert.Equal((CashFlowKind.Dividend, 33.32m, "EUR", "OR.EU/EUR"), (orphan.Kind, orphan.Amount, orphan.Currency, orphan.Symbol));
        Assert.Equal(CashFlowKind.Dividend, Set.CashFlows.Single(c => c.Id == "TN8419886392").Kind); // withholding tax of INTC.US
        Assert.Equal("INTC.US/USD", Set.CashFlows.Single(c => c.Id == "TN8419886392").Symbol);
        Assert.Null(Set.CashFlows.Single(c => c.Id == "TN3050934390").Symbol); // a deposit belongs to no security
    }

    [Fact]
    public void snapshots_are_imported_in_the_base_currency()
    {
        Assert.Equal(516, Set.Snapshots.Count);
        Assert.All(Set.Snapshots, s => Assert.Equal("EUR", s.Currency));
        Assert.Equal(32500m, Set.Snapshots.Single(s => s.Timestamp == new DateTimeOffset(2023, 9, 4, 0, 0, 0, TimeSpan.Zero)).Equity);
    }

    [Fact]
    public void one_live_bot_holds_the_portfolio()
    {
        var bot = Assert.Single(Set.Bots);
        Assert.Equal("tradernet portfolio", bot.Name);
        Assert.Equal(BotMode.Live, bot.Mode);
        Assert.All(Set.Fills, f => Assert.Equal(bot.Name, f.Bot));
    }

    [Fact]
    public void securities_are_counted_by_currency()
    {
        Assert.Equal(66, Import.Securities);
        Assert.Equal(63, Import.ActiveSecurities);
        Assert.Equal(16, Import.SecuritiesByCurrency["EUR"]);
        Assert.Equal(10, Import.SecuritiesByCurrency["HKD"]);
        Assert.Equal(40, Import.SecuritiesByCurrency["USD"]);
    }

    [Fact]
    public void history_files_are_matched_to_securities_and_misfits_reported()
    {
        Assert.Equal(65, Import.HistoryFiles);
        Assert.Equal(31050, Import.DailyPriceRows);
        Assert.Equal(["history/MRK_US.db"], Import.EmptyHistoryFiles);
        Assert.Equal(["history/PXD_US.db"], Import.OrphanHistoryFiles);
        Assert.Equal(["ABNB.US", "AMAT.US"], Import.SecuritiesWithoutHistory);
        Assert.DoesNotContain(Set.PriceBars, b => b.Symbol.StartsWith("PXD", StringComparison.Ordinal));
        var amd = Set.PriceBars.First(b => b.Symbol == "AMD.US/USD" && b.Timestamp == new DateTimeOffset(2023, 9, 4, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal((91.8m, 93.5m, 91.19m, 92.24m, 2127554m), (amd.Open, amd.High, amd.Low, amd.Close, amd.Volume));
    }

    [Fact]
    public void the_reader_recognises_a_portfolio_folder_by_content()
    {
        Assert.True(new FragmentedReader().CanRead(FragmentedFixture.SampleFolder));
        Assert.False(new FragmentedReader().CanRead(Path.Combine(AppContext.BaseDirectory, "TestData", "jsonfiles")));
    }
}
