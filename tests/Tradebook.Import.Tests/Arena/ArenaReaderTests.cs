using System.Text.Json;
using Tradebook.Core.Domain;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Arena;

namespace Tradebook.Import.Tests.Arena;

// Figures are those of the sample's expected.json; sums there are math.fsum rounded to 6 decimals.
public sealed class ArenaReaderTests(ArenaFixture fixture) : IClassFixture<ArenaFixture>
{
    private ArenaImport Import => fixture.Import;

    private ImportSet Set => fixture.Import.Set;

    [Fact]
    public void the_state_is_found_by_content_in_its_single_row()
    {
        Assert.Equal("arena_state.state", Import.StateTable);
        Assert.Equal(1, Import.StateRows);
        Assert.Equal(2269309, Import.StateJsonBytes);
        Assert.Equal(218, Import.MarketSymbols);
        Assert.Equal(["bot_decisions", "positions", "trades"], Import.EmptyTables.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void the_reader_recognises_the_database_whatever_its_name()
    {
        var renamed = Path.Combine(Directory.CreateTempSubdirectory("tradebook-test-").FullName, "whatever.bin");
        File.Copy(ArenaFixture.SamplePath, renamed);
        Assert.True(new ArenaReader().CanRead(renamed));
        Assert.False(new ArenaReader().CanRead(Path.Combine(AppContext.BaseDirectory, "TestData", "fragmented", "config.db")));
    }

    [Fact]
    public void every_state_bot_becomes_a_paper_bot_with_fifo_cost()
    {
        Assert.Equal(4, Set.Bots.Count);
        Assert.All(Set.Bots, b => Assert.Equal(BotMode.Paper, b.Mode));
        Assert.All(Set.Bots, b => Assert.Equal(CostBasisMethod.Fifo, b.Method));
        Assert.Contains(Set.Bots, b => b.Name == "The Astrologer");
        Assert.All(Import.Bots, b => Assert.True(b.InBotsTable));
        Assert.Empty(Import.OrphanStateBots);
        Assert.Empty(Import.BotsWithoutState);
    }

    [Fact]
    public void the_mode_option_overrides_the_source()
    {
        var set = new ArenaReader().Read(ArenaFixture.SamplePath, new ImportOptions(Mode: BotMode.Test, BotName: "arena"));
        Assert.All(set.Bots, b => Assert.Equal(BotMode.Test, b.Mode));
        Assert.Contains(set.Bots, b => b.Name == "arena / The Astrologer");
    }

    [Theory]
    [InlineData("bot_astrologer", 108, 55, 53, 53, 2, 2)]
    [InlineData("bot_contrarian", 37, 20, 17, 17, 3, 3)]
    [InlineData("bot_degen", 90, 45, 45, 45, 0, 0)]
    [InlineData("bot_quant", 65, 33, 32, 32, 1, 1)]
    public void orders_pair_first_in_first_out_into_the_portfolio_positions(
        string bot, int orders, int entries, int exits, int closed, int open, int portfolio)
    {
        var check = fixture.Bot(bot);
        Assert.Equal(orders, check.Orders);
        Assert.Equal(entries, check.Entries);
        Assert.Equal(exits, check.Exits);
        Assert.Equal(closed, check.ClosedPositions);
        Assert.Equal(open, check.OpenPositions);
        Assert.Equal(portfolio, check.PortfolioPositions);
        Assert.True(check.OpenPositionsMatchPortfolio);
        Assert.Equal(0, check.IsoTimestampOrders);
        Assert.Equal(orders, Set.Fills.Count(f => f.Bot == check.Bot));
        Assert.Equal(orders, Set.Orders.Count(o => o.Bot == check.Bot));
        Assert.Equal(open, Set.ReportedTrades.Count(t => t.Bot == check.Bot && t.IsOpen));
        Assert.Equal(closed, Set.ReportedTrades.Count(t => t.Bot == check.Bot && !t.IsOpen));
    }

    [Theory]
    [InlineData("bot_astrologer", "42.6597", "42.6597", "0", false, 53, "47.169811", 25, "36.3647")]
    [InlineData("bot_contrarian", "67.1667", "67.1667", "0", false, 17, "58.823529", 10, "10.453")]
    [InlineData("bot_degen", "771.8467", "771.8467", "0", false, 45, "53.333333", 24, "31.1172")]
    [InlineData("bot_quant", "-104.5118", "-105.5404", "1.0286", true, 32, "46.875", 15, "21.6284")]
    public void stored_aggregates_are_compared_with_the_orders(
        string bot, string storedPnl, string sumExitPnl, string drift, bool flagged, int tradeCount, string winRate, int wins, string fees)
    {
        var check = fixture.Bot(bot);
        Assert.Equal(decimal.Parse(storedPnl, System.Globalization.CultureInfo.InvariantCulture), Math.Round(check.StoredRealizedPnl!.Value, 6));
        Assert.Equal(decimal.Parse(sumExitPnl, System.Globalization.CultureInfo.InvariantCulture), Math.Round(check.SumExitPnl, 6));
        Assert.Equal(decimal.Parse(drift, System.Globalization.CultureInfo.InvariantCulture), Math.Round(check.RealizedPnlDrift, 6));
        Assert.Equal(flagged, check.DriftFlag);
        Assert.Equal(tradeCount, check.StoredTradeCount);
        Assert.Equal(decimal.Parse(winRate, System.Globalization.CultureInfo.InvariantCulture), Math.Round(check.StoredWinRate!.Value, 6));
        Assert.Equal(wins, check.Wins);
        Assert.True(check.TradeCountConsistent);
        Assert.True(check.WinRateConsistent);
        Assert.Equal(decimal.Parse(fees, System.Globalization.CultureInfo.InvariantCulture), Math.Round(check.FeesOnExits, 6));
        Assert.Equal(flagged, Set.Warnings.Any(w => w.StartsWith(check.Bot + ": stored realizedPnl", StringComparison.Ordinal)));
    }

    [Fact]
    public void recomputed_exit_pnl_agrees_with_the_pnl_written_on_each_exit()
    {
        // Each exit's pnl is (exit - entry) x size less the exit fee, rounded by the arena to 4 decimals.
        foreach (var check in Import.Bots)
        {
            Assert.True(Math.Abs(check.ComputedRealizedPnl - check.SumExitPnl) < 0.0001m * (check.Exits + 1), check.Bot);
        }
    }

    [Theory]
    [InlineData("bot_astrologer", 50, 94, 1, 4517, 2000)]
    [InlineData("bot_contrarian", 31, 63, 0, 4517, 2000)]
    [InlineData("bot_degen", 50, 104, 0, 4517, 2000)]
    [InlineData("bot_quant", 50, 87, 0, 4517, 2000)]
    public void logs_become_decisions_and_balance_rows_become_snapshots(string bot, int logs, int decisions, int empty, int snapshots, int valueHistory)
    {
        var check = fixture.Bot(bot);
        Assert.Equal(logs, check.BotLogs);
        Assert.Equal(decisions, check.Decisions);
        Assert.Equal(empty, check.EmptyDecisionLogs);
        Assert.Equal(snapshots, check.Snapshots);
        Assert.Equal(valueHistory, check.ValueHistoryPoints);
        Assert.Equal(logs, Set.Decisions.Count(d => d.Bot == check.Bot));
        Assert.Equal(decisions, Set.Decisions.Where(d => d.Bot == check.Bot).Sum(d => JsonDocument.Parse(d.Decision).RootElement.GetArrayLength()));
    }

    [Fact]
    public void all_snapshots_are_imported_and_none_belongs_to_an_unknown_bot()
    {
        Assert.Equal(18068, Set.Snapshots.Count);
        Assert.DoesNotContain(Set.Rejections, r => r.Reason.Contains("snapshots", StringComparison.Ordinal));
    }

    [Fact]
    public void long_and_short_on_one_symbol_are_separate_instruments()
    {
        var astrologer = fixture.Bot("bot_astrologer").Bot;
        var open = Set.ReportedTrades.Where(t => t.Bot == astrologer && t.IsOpen).Select(t => t.Symbol).Order(StringComparer.Ordinal);
        Assert.Equal(["BNBUSDT:USDT#long", "BNBUSDT:USDT#short"], open);
        var parsed = Symbol.Parse("BNBUSDT:USDT#short");
        Assert.Equal(("BNB", "USDT", InstrumentKind.Perpetual), (parsed.Base, parsed.Quote, parsed.Kind));
    }

    [Fact]
    public void entries_and_exits_take_the_sides_of_their_direction()
    {
        var fills = Set.Fills.ToDictionary(f => f.Id);
        Assert.Equal(Side.Buy, fills["ord_fc0181d8122f4dfb"].Side);   // LONG entry
        Assert.Equal(Side.Sell, fills["ord_45a186ba08594911"].Side);  // SHORT entry
        Assert.Equal(Side.Buy, fills["ord_5a6209b23bf64ad9"].Side);   // SHORT exit
        Assert.Equal(0.2429m, fills["ord_5a6209b23bf64ad9"].Fee);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763356573560), fills["ord_5a6209b23bf64ad9"].Timestamp);
    }

    [Fact]
    public void api_keys_are_never_carried_in_plaintext()
    {
        Assert.Equal(5, Import.SecretsWithheld);
        var everything = string.Join('\n', Set.Bots.Select(b => b.Config ?? "").Concat(Set.Settings.Select(s => s.Value)).Concat(Set.Warnings));
        foreach (var fragment in new[] { "sk-test-", "sk-ant-t", "AIzaTEST", "xai-test" })
        {
            Assert.DoesNotContain(fragment, everything, StringComparison.Ordinal);
        }

        Assert.Contains("***redacted (sha256 prefix ", Set.Bots.Single(b => b.Name == "The Astrologer").Config, StringComparison.Ordinal);
        Assert.Contains(Set.Warnings, w => w.Contains("API keys", StringComparison.Ordinal));
    }

    [Fact]
    public void non_ascii_text_is_preserved_exactly()
    {
        var note = Set.Settings.Single(s => s.Key == "order-note.ord_d2cedf0120ac4ab9");
        Assert.Equal("Gewinnmitnahme am Widerstand — 利益確定 ✅ „Mond im Skorpion“, £/€ ok", note.Value);
        Assert.Contains(Set.Decisions, d => d.Notes is not null && d.Notes.Contains("🤔", StringComparison.Ordinal));
        Assert.Contains(Set.Decisions, d => d.Decision.Contains("✅", StringComparison.Ordinal));
    }
}
