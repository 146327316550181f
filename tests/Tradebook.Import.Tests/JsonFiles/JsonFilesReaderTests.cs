using Tradebook.Core.Domain;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.JsonFiles;

namespace Tradebook.Import.Tests.JsonFiles;

// Figures are those of the sample's expected.json.
public sealed class JsonFilesReaderTests(JsonFilesFixture fixture) : IClassFixture<JsonFilesFixture>
{
    private JsonFilesImport Import => fixture.Import;

    private ImportSet Set => fixture.Import.Set;

    [Fact]
    public void corrupt_signal_lines_are_rejected_with_their_line_numbers()
    {
        Assert.Equal(1500, Import.SignalLines);
        Assert.Equal([1083, 1500], Import.CorruptSignalLines);
        Assert.Equal(1498, Import.ParseableSignals);
        Assert.Contains(Set.Rejections, r => r.SourceRef == "signals.jsonl:1083" && r.Reason.StartsWith("corrupt line", StringComparison.Ordinal));
        Assert.Contains(Set.Rejections, r => r.SourceRef == "signals.jsonl:1500");
    }

    [Fact]
    public void signals_with_string_prices_are_read_and_test_symbols_are_routed_to_the_test_bot()
    {
        Assert.Equal(158, Import.StringPriceSignals);
        Assert.Equal(24, Import.TestSignals);
        Assert.Equal(1474, Import.ValidProductionSignals);
        Assert.Equal(497, Import.ProductionSignalsBySignal["BUY"]);
        Assert.Equal(525, Import.ProductionSignalsBySignal["HOLD"]);
        Assert.Equal(452, Import.ProductionSignalsBySignal["SELL"]);
        Assert.Equal(1474, Set.Signals.Count(s => s.Bot == "sentiment"));
        Assert.Equal(24, Set.Signals.Count(s => s.Bot == "sentiment (test)"));
        Assert.Equal(94.82m, Set.Signals.Single(s => s.Id == "093bff29-f8f6-4507-8bf2-4721450f0f91").Price);
        Assert.All(Set.Signals.Where(s => s.Bot == "sentiment (test)"), s => Assert.StartsWith("TEST", s.Symbol, StringComparison.Ordinal));
    }

    [Fact]
    public void exact_duplicate_trades_are_imported_once()
    {
        Assert.Equal(392, Import.TradeRecords);
        Assert.Equal(378, Import.UniqueTradeRecords);
        Assert.Equal(14, Import.DuplicateTradeRecords);
        Assert.Equal(14, Set.Duplicates.Count(d => d.StartsWith("trades.json", StringComparison.Ordinal)));
        Assert.Equal(Set.Fills.Count, Set.Fills.Select(f => (f.Bot, f.Id)).Distinct().Count());
    }

    [Fact]
    public void invalid_trades_are_rejected_with_the_first_failing_reason()
    {
        Assert.Equal(1, Import.TradeRejections["invalid_timestamp"]);
        Assert.Equal(3, Import.TradeRejections["missing_price"]);
        Assert.Equal(2, Import.TradeRejections["invalid_price"]);
        Assert.Equal(6, Import.TradeRejections.Values.Sum());
        Assert.Contains(Set.Rejections, r => r.Reason.StartsWith("invalid_timestamp", StringComparison.Ordinal) && r.Reason.Contains("2024-02-30T25:61:00", StringComparison.Ordinal));
        Assert.Contains(Set.Rejections, r => r.Reason.StartsWith("invalid_price", StringComparison.Ordinal) && r.Reason.Contains("NaN", StringComparison.Ordinal));
        Assert.Contains(Set.Rejections, r => r.Reason.StartsWith("invalid_price", StringComparison.Ordinal) && r.Reason.Contains("-1948.28", StringComparison.Ordinal));
        Assert.DoesNotContain(Set.Fills, f => f.Id == "0572a230-11d8-4582-a1a4-351c59f3ed61");
    }

    [Fact]
    public void test_trades_follow_the_owners_rules_and_go_to_a_test_bot()
    {
        Assert.Equal(20, Import.TestTrades);
        Assert.Equal(5, Import.TestMarkerHits["amount_gt_1000"]);
        Assert.Equal(4, Import.TestMarkerHits["amount_zero"]);
        Assert.Equal(3, Import.TestMarkerHits["price_gt_200000"]);
        Assert.Equal(8, Import.TestMarkerHits["symbol_test_prefix"]);
        Assert.Equal(352, Import.ValidProductionTrades);
        Assert.Equal(352, Set.Fills.Count(f => f.Bot == "sentiment"));

        // Zero-quantity test rows are not executions: they keep their order but get no fill.
        Assert.Equal(16, Set.Fills.Count(f => f.Bot == "sentiment (test)"));
        Assert.Equal(BotMode.Test, Set.Bots.Single(b => b.Name == "sentiment (test)").Mode);
        Assert.Equal(BotMode.Live, Set.Bots.Single(b => b.Name == "sentiment").Mode);
        Assert.Equal(20 + 24, Set.TestRows.Count);
    }

    [Fact]
    public void stricter_test_rules_from_the_options_route_other_rows()
    {
        var rules = new TestDataRules(["TEST", "BTC"], null, null, false);
        var import = new JsonFilesReader().ReadDetailed(JsonFilesFixture.SampleFolder, new ImportOptions(TestRules: rules, BotName: "b"));
        Assert.Contains(import.Set.Fills, f => f.Bot == "b (test)" && f.Symbol == "BTCUSD");
        Assert.DoesNotContain(import.Set.Fills, f => f.Bot == "b" && f.Symbol == "BTCUSD");
        Assert.Contains(import.Set.Fills, f => f.Bot == "b" && f.Quantity > 1000);
    }

    [Fact]
    public void trades_pointing_to_no_signal_are_kept_and_flagged()
    {
        Assert.Equal(9, Import.DanglingSignalRefs);
        Assert.Equal(6, Import.NullSignalRefs);
        Assert.Contains(Set.Warnings, w => w.Contains("which no signal file holds", StringComparison.Ordinal));
    }

    [Fact]
    public void a_warning_repeated_for_many_trades_names_the_first_hundred_and_counts_the_rest()
    {
        // Every trade of a large history pointing to a signal that was never saved gave one warning each: a report
        // of 150 (or 150,000) lines that hid every other warning.
        var folder = Directory.CreateTempSubdirectory("tradebook-jsonfiles-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "signals.jsonl"), """{"id": "s-0", "timestamp": "2024-01-08T05:47:19", "symbol": "XRPUSD", "price": 0.5, "final_signal": "BUY", "final_confidence": 0.7}""" + "\n");
            var trades = Enumerable.Range(1, 150).Select(i =>
                $$"""{"id": "t-{{i}}", "timestamp": "2024-01-10T{{i / 60:00}}:{{i % 60:00}}:00", "symbol": "XRPUSD", "action": "{{(i % 2 == 0 ? "sell" : "buy")}}", "amount": 10, "price": 0.5, "fee": 0.01, "signal_id": "lost-{{i}}", "status": "filled"}""");
            File.WriteAllText(Path.Combine(folder, "trades.json"), "[" + string.Join(",\n", trades) + "]");

            var import = new JsonFilesReader().ReadDetailed(folder, new ImportOptions(BotName: "many"));

            Assert.Equal(150, import.Set.Fills.Count);
            Assert.Equal(100, import.Set.Warnings.Count(w => w.Contains("which no signal file holds", StringComparison.Ordinal)));
            Assert.Contains("and 50 more trades that refer to a signal no signal file holds (kept)", import.Set.Warnings);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void net_production_quantities_are_recomputed_from_trades()
    {
        var expected = new Dictionary<string, decimal>
        {
            ["ADAUSD"] = 1333.2m,
            ["AVAXUSD"] = 43.539m,
            ["BTCUSD"] = 0.03908m,
            ["DOTUSD"] = 73.84m,
            ["ETHUSD"] = 3.7744m,
            ["LINKUSD"] = 25.33m,
            ["SOLUSD"] = 16.409m,
            ["XRPUSD"] = 508.5m,
        };
        Assert.Equal(expected.Count, Import.NetProductionQuantity.Count);
        foreach (var (symbol, quantity) in expected)
        {
            Assert.Equal(quantity, Math.Round(Import.NetProductionQuantity[symbol], 8));
        }
    }

    [Fact]
    public void holdings_that_include_test_trades_are_reported_as_mismatches()
    {
        Assert.Equal(10, Import.HoldingsSymbols.Count);
        Assert.Equal(
            ["AVAXUSD", "BTCUSD", "DOTUSD", "ETHUSD", "SOLUSD", "TESTBTC", "TESTUSD"],
            Import.HoldingsMismatches.Select(m => m.Symbol));
        var btc = Import.HoldingsMismatches.Single(m => m.Symbol == "BTCUSD");
        Assert.Equal((0.06908m, 0.03908m), (btc.Reported, btc.Recomputed));
    }

    [Fact]
    public void auxiliary_files_are_counted_not_imported()
    {
        Assert.Equal(68, Import.AuxiliaryEntries["error_logs.json"]);
        Assert.Equal(13, Import.AuxiliaryEntries["rss_feeds.json"]);
        Assert.Equal(745, Import.AuxiliaryEntries["seen_news.json"]);
    }

    [Fact]
    public void files_are_recognised_by_content_not_by_name()
    {
        var folder = Directory.CreateTempSubdirectory("tradebook-test-").FullName;
        File.Copy(Path.Combine(JsonFilesFixture.SampleFolder, "trades.json"), Path.Combine(folder, "a.txt"));
        File.Copy(Path.Combine(JsonFilesFixture.SampleFolder, "signals.jsonl"), Path.Combine(folder, "b.dat"));
        File.Copy(Path.Combine(JsonFilesFixture.SampleFolder, "seen_news.json"), Path.Combine(folder, "trades.json"));
        var reader = new JsonFilesReader();
        Assert.True(reader.CanRead(folder));
        Assert.False(reader.CanRead(Path.Combine(folder, "trades.json")));
        var import = reader.ReadDetailed(folder, new ImportOptions(BotName: "x"));
        Assert.Equal(352, import.ValidProductionTrades);
        Assert.Equal(1474, import.ValidProductionSignals);
    }
}
