using System.Globalization;
using System.Text.Json;

namespace Tradebook.Cli.Tests.Import;

/// <summary>
/// <c>tradebook import</c> of the four legacy messes, each into a fresh database, checked against the figures
/// of their expected.json by reading the database back. Explained differences are in docs/import.md.
/// </summary>
public sealed class LegacySampleImportTests
{
    private static decimal Dec(JsonElement value) => decimal.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);

    [Fact]
    public void the_split_brain_copies_consolidate_into_one_book_with_their_conflicts_duplicates_and_orphans()
    {
        using var workspace = new SampleWorkspace();
        var expected = SampleWorkspace.LegacyExpected("trader").GetProperty("consolidated");
        var perProduct = SampleWorkspace.LegacyExpected("trader").GetProperty("per_product");

        var report = workspace.Import(
            workspace.Sample("trader/trader.db"),
            workspace.Sample("trader/backend/trader.db"),
            workspace.Sample("trader/backend/trader_backup_migration_20250913_123112.db"));

        var consolidation = Assert.Single(report.GetProperty("consolidations").EnumerateArray());
        Assert.Equal(expected.GetProperty("conflicting_trades").GetProperty("order_ids").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal),
            consolidation.GetProperty("conflicts").EnumerateArray().Select(c => c.GetProperty("key").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(expected.GetProperty("backend_duplicate_rows").GetInt32(), consolidation.GetProperty("totals").GetProperty("duplicates_within").GetInt32());
        Assert.Equal(expected.GetProperty("orphan_trades_in_main").GetInt32(), consolidation.GetProperty("totals").GetProperty("orphan_rows_resolved").GetInt32());
        Assert.Equal(expected.GetProperty("backend_duplicate_rows").GetInt32(), report.GetProperty("imports")[0].GetProperty("duplicates").GetArrayLength());

        Assert.Equal(expected.GetProperty("distinct_trades").GetInt64(), workspace.Count("SELECT COUNT(*) FROM fills"));
        Assert.Equal(expected.GetProperty("bot_names").EnumerateArray().Select(e => e.GetString()), workspace.Query("SELECT name FROM bots ORDER BY name").Select(r => (string?)r[0]));
        Assert.Equal(0, workspace.Count("SELECT COUNT(*) FROM bots WHERE mode <> 'live'"));
        foreach (var product in perProduct.EnumerateObject())
        {
            (string, object) symbol = ("$s", product.Name);
            const string Of = "FROM fills f JOIN instruments i ON i.id = f.instrument_id WHERE i.symbol = $s";
            Assert.Equal(product.Value.GetProperty("trades").GetInt64(), workspace.Count($"SELECT COUNT(*) {Of}", symbol));
            Assert.Equal(Dec(product.Value.GetProperty("bought_qty")), workspace.Sum($"SELECT quantity {Of} AND f.side = 'buy'", symbol));
            Assert.Equal(Dec(product.Value.GetProperty("sold_qty")), workspace.Sum($"SELECT quantity {Of} AND f.side = 'sell'", symbol));
            Assert.Equal(Dec(product.Value.GetProperty("fees")), workspace.Sum($"SELECT fee {Of}", symbol));
        }

        // The conflicting rows take the authoritative copy's values.
        Assert.Equal(1.02122232m, workspace.Sum("SELECT fee FROM fills WHERE external_id = '63400505-7b6b-44a7-a8cd-d4eef5ac2feb'"));
    }

    [Fact]
    public void the_split_brain_folder_handed_over_whole_consolidates_its_copies_and_skips_the_file_that_is_not_sqlite()
    {
        using var workspace = new SampleWorkspace();
        var figures = SampleWorkspace.LegacyExpected("trader");
        var expected = figures.GetProperty("consolidated");

        var report = workspace.Import(workspace.Sample("trader"));

        var files = Assert.Single(report.GetProperty("plan").EnumerateArray()).GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("relative_path").GetString()!, f => f.GetProperty("action").GetString());
        foreach (var file in figures.GetProperty("sqlite_files").EnumerateArray())
        {
            Assert.Equal("consolidate", files[file.GetString()!]);
        }

        foreach (var file in figures.GetProperty("non_sqlite_files").EnumerateArray())
        {
            Assert.Equal("skip", files[file.GetString()!]);
        }

        var consolidation = Assert.Single(report.GetProperty("consolidations").EnumerateArray());
        Assert.Equal(expected.GetProperty("conflicting_trades").GetProperty("count").GetInt32(), consolidation.GetProperty("conflicts").GetArrayLength());
        Assert.Equal(expected.GetProperty("distinct_trades").GetInt64(), workspace.Count("SELECT COUNT(*) FROM fills"));
        Assert.Equal(expected.GetProperty("distinct_bots").GetInt64(), workspace.Count("SELECT COUNT(*) FROM bots"));
        Assert.Equal(1, workspace.Count("SELECT COUNT(*) FROM import_batches"));
    }

    [Fact]
    public void the_arena_blob_becomes_bots_orders_fills_decisions_and_snapshots()
    {
        using var workspace = new SampleWorkspace();
        var expected = SampleWorkspace.LegacyExpected("arena");

        var report = workspace.Import(workspace.Sample("arena/arena.db"));

        Assert.Equal(expected.GetProperty("arena_state_bots").GetInt64(), workspace.Count("SELECT COUNT(*) FROM bots WHERE mode = 'paper'"));
        Assert.Equal(expected.GetProperty("snapshots_total").GetInt64(), workspace.Count("SELECT COUNT(*) FROM equity_snapshots"));
        var bots = expected.GetProperty("bots").EnumerateObject().Select(b => b.Value).ToList();
        Assert.Equal(bots.Sum(b => b.GetProperty("orders").GetInt64()), workspace.Count("SELECT COUNT(*) FROM orders"));
        Assert.Equal(bots.Sum(b => b.GetProperty("entries").GetInt64() + b.GetProperty("exits").GetInt64()), workspace.Count("SELECT COUNT(*) FROM fills"));

        // One decision row per bot log, holding that log's decisions.
        Assert.Equal(bots.Sum(b => b.GetProperty("bot_logs").GetInt64()), workspace.Count("SELECT COUNT(*) FROM decisions"));
        Assert.Equal(bots.Sum(b => b.GetProperty("decisions").GetInt64()), workspace.Count("SELECT SUM(json_array_length(decision)) FROM decisions"));
        foreach (var bot in bots)
        {
            var id = workspace.Count("SELECT b.id FROM bots b JOIN orders o ON o.bot_id = b.id GROUP BY b.id HAVING COUNT(*) = $n", ("$n", bot.GetProperty("orders").GetInt64()));
            (string, object) of = ("$b", id);
            Assert.Equal(bot.GetProperty("open_positions").GetInt64(), workspace.Count("SELECT COUNT(*) FROM positions WHERE bot_id = $b AND status = 'open'", of));
            Assert.Equal(Dec(bot.GetProperty("fees_on_exits")), workspace.Sum("SELECT fee_quote FROM fills WHERE bot_id = $b", of));

            // The blob rounds each exit's pnl to 4 places; Tradebook computes it from prices.
            var realized = workspace.Sum("SELECT realized_pnl FROM product_rollups WHERE bot_id = $b", of);
            Assert.True(Math.Abs(realized - Dec(bot.GetProperty("sum_exit_pnl"))) <= 0.0001m * bot.GetProperty("exits").GetInt32(), $"{realized} vs {bot.GetProperty("sum_exit_pnl")}");
        }

        var warnings = report.GetProperty("imports")[0].GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Single(warnings, w => w.Contains("differs from the sum of its exits", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains($"{expected.GetProperty("provider_api_keys").GetInt32()} API keys", StringComparison.Ordinal));
        Assert.DoesNotContain("sk-", string.Concat(workspace.Query("SELECT value FROM settings").Select(r => Convert.ToString(r[0], CultureInfo.InvariantCulture))), StringComparison.Ordinal);
    }

    [Fact]
    public void the_json_files_land_with_test_rows_routed_to_test_mode_and_rejections_with_reasons()
    {
        using var workspace = new SampleWorkspace();
        var figures = SampleWorkspace.LegacyExpected("jsonfiles");
        var trades = figures.GetProperty("trades");
        var signals = figures.GetProperty("signals");

        // The owner's own test rules: quantities above 1000 and prices above 200000 were test orders.
        var result = workspace.Run("import", workspace.Sample("jsonfiles"), "--json", "--no-backup", "--test-max-quantity", "1000", "--test-max-price", "200000");

        Assert.True(result.ExitCode == 0, result.ToString());
        var import = result.Json().GetProperty("imports")[0];
        var reasons = import.GetProperty("rejections").EnumerateArray().Select(r => r.GetProperty("reason").GetString()!.Split(':')[0]).ToList();
        foreach (var rejected in trades.GetProperty("rejected").EnumerateObject())
        {
            Assert.Equal(rejected.Value.GetInt32(), reasons.Count(r => r == rejected.Name));
        }

        Assert.Equal(signals.GetProperty("corrupt").GetInt32(), reasons.Count(r => r == "corrupt line"));
        Assert.Equal(trades.GetProperty("duplicate_records").GetInt32(), import.GetProperty("duplicates").GetArrayLength());
        Assert.Equal(trades.GetProperty("test").GetInt32() + signals.GetProperty("test").GetInt32(), import.GetProperty("test_rows").GetArrayLength());

        const string Production = "FROM fills f JOIN bots b ON b.id = f.bot_id JOIN instruments i ON i.id = f.instrument_id WHERE b.mode = 'live'";
        Assert.Equal(trades.GetProperty("valid_production").GetInt64(), workspace.Count($"SELECT COUNT(*) {Production}"));

        // Test trades of zero quantity are counted as test rows but are not executions, so are not stored.
        Assert.Equal(trades.GetProperty("test").GetInt64() - trades.GetProperty("test_marker_hits").GetProperty("amount_zero").GetInt64(),
            workspace.Count("SELECT COUNT(*) FROM fills f JOIN bots b ON b.id = f.bot_id WHERE b.mode = 'test'"));
        foreach (var symbol in figures.GetProperty("net_production_quantity_by_symbol").EnumerateObject())
        {
            (string, object) of = ("$s", symbol.Name);
            var net = workspace.Sum($"SELECT quantity {Production} AND i.symbol = $s AND f.side = 'buy'", of) - workspace.Sum($"SELECT quantity {Production} AND i.symbol = $s AND f.side = 'sell'", of);
            Assert.Equal(Dec(symbol.Value), net);
        }

        Assert.Equal(signals.GetProperty("valid_production").GetInt64(), workspace.Count("SELECT COUNT(*) FROM signals s JOIN bots b ON b.id = s.bot_id WHERE b.mode = 'live'"));
        Assert.Equal(signals.GetProperty("test").GetInt64(), workspace.Count("SELECT COUNT(*) FROM signals s JOIN bots b ON b.id = s.bot_id WHERE b.mode = 'test'"));
    }

    [Fact]
    public void the_fragmented_portfolio_is_read_with_its_wal()
    {
        using var workspace = new SampleWorkspace();
        var figures = SampleWorkspace.LegacyExpected("fragmented");

        var report = workspace.Import(workspace.Sample("fragmented"));

        Assert.Equal(figures.GetProperty("trades").GetProperty("with_wal").GetInt64(), workspace.Count("SELECT COUNT(*) FROM fills"));
        Assert.Equal(figures.GetProperty("trades").GetProperty("only_in_wal").GetInt64(),
            workspace.Count($"SELECT COUNT(*) FROM fills WHERE external_id IN ({string.Join(", ", figures.GetProperty("trades").GetProperty("wal_only_order_ids").EnumerateArray().Select(i => $"'{i.GetString()}'"))})"));

        // The ledger's cash flows, plus the orphan dividend imported from its dividend row.
        Assert.Equal(figures.GetProperty("cash_flows").GetInt64() + figures.GetProperty("orphan_dividends").GetArrayLength(), workspace.Count("SELECT COUNT(*) FROM cash_flows"));
        Assert.Equal(figures.GetProperty("table_row_counts").GetProperty("data/snapshots.db").GetProperty("portfolio_snapshots").GetInt64(), workspace.Count("SELECT COUNT(*) FROM equity_snapshots"));
        foreach (var symbol in figures.GetProperty("net_quantity_by_symbol_with_wal").EnumerateObject())
        {
            // The portfolio app's symbols are stored with their trading currency, e.g. 0005.HK/HKD.
            (string, object) of = ("$s", symbol.Name);
            const string Of = "FROM fills f JOIN instruments i ON i.id = f.instrument_id WHERE (i.symbol = $s OR i.symbol LIKE $s || '/%')";
            var net = workspace.Sum($"SELECT quantity {Of} AND f.side = 'buy'", of) - workspace.Sum($"SELECT quantity {Of} AND f.side = 'sell'", of);
            Assert.Equal(Dec(symbol.Value), net);
        }

        var warnings = report.GetProperty("imports")[0].GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Contains(warnings, w => w.Contains("KO.US", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("PXD", StringComparison.Ordinal));
    }
}
