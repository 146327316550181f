using System.Text.Json;
using System.Text.RegularExpressions;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>
/// <c>tradebook bench</c>, kept small: it must run, report every figure as numbers beside the baseline
/// measured in the same run, and judge each target from those numbers. No figure's size is asserted.
/// </summary>
public sealed partial class BenchTests
{
    private static CliResult Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = TradebookCli.Run(args, output, error);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void bench_json_gives_every_measure_as_numbers_with_its_baseline_ratio_and_target()
    {
        var result = Run("bench", "--fills", "2000", "--import-rows", "2000", "--late-fills", "2000", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = result.Json();
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", report.GetProperty("date").GetString());
        Assert.True(report.GetProperty("machine").GetProperty("cores").GetInt32() > 0);
        Assert.Equal(SqliteFile.EngineVersion(), report.GetProperty("versions").GetProperty("sqlite").GetString());
        Assert.Equal((2000, 2000), (report.GetProperty("parameters").GetProperty("fills").GetInt32(), report.GetProperty("parameters").GetProperty("import_rows").GetInt32()));

        var measures = report.GetProperty("measures").EnumerateArray().ToDictionary(m => m.GetProperty("measure").GetString()!);
        Assert.All(measures.Values, m =>
        {
            Assert.False(string.IsNullOrEmpty(m.GetProperty("result").GetString()));
            Assert.False(string.IsNullOrEmpty(m.GetProperty("target").GetString()));
            Assert.True(m.GetProperty("value").GetDouble() > 0, m.ToString());
            Assert.Contains(m.GetProperty("unit").GetString(), new[] { "rows/s", "fills/s", "ms", "s", "MiB" });
            AssertRatioAndVerdict(m);
            if (m.GetProperty("unit").GetString() == "ms")
            {
                AssertTiming(m);
            }
        });

        // Ingest and import end to end against their raw inserts, as ratios with a 0.5x target.
        var ingest = measures["batched fill ingest, positions and rollups included"];
        AssertBaseline(ingest, measures["raw SQLite prepared insert of the same fill records, bound by position (baseline)"]);
        AssertConditions(ingest, ("ratio", "at_least", 0.5));
        var import = measures["import end to end, 2,000 rows"];
        AssertBaseline(import, measures["raw SQLite prepared insert of the 2,000 import rows (baseline)"]);
        AssertConditions(import, ("ratio", "at_least", 0.5));

        // The durable commit beside a raw durable commit, judged on its p99.
        var commit = measures["durable single-fill commit (synchronous=FULL)"];
        AssertBaseline(commit, measures["raw SQLite durable single-row commit of the same records (baseline)"]);
        Assert.Equal(commit.GetProperty("p99_ms").GetDouble(), commit.GetProperty("value").GetDouble());
        AssertConditions(commit, ("p99_ms", "at_most", 2));

        // P&L at the large history beside the figure at 1,000 fills: p99 <= 1 ms and at most 1.2x.
        var pnl = measures["bot P&L read at 2,000 fills"];
        AssertBaseline(pnl, measures["bot P&L read at 1,000 fills"]);
        AssertConditions(pnl, ("p99_ms", "at_most", 1), ("ratio", "at_most", 1.2));

        // A late batch against the same batch in time order, on one product: at most 5x.
        var late = measures["the same batch landing before the last 1% of the product's history"];
        AssertBaseline(late, measures["1,000-fill batch in time order, 2,000-fill product"]);
        Assert.Equal(late.GetProperty("p50_ms").GetDouble(), late.GetProperty("value").GetDouble());
        AssertConditions(late, ("ratio", "at_most", 5));
        AssertBaseline(measures["the same late batch replayed from the first fill (checkpoints deleted), 2,000-fill product"], measures["1,000-fill batch in time order, 2,000-fill product"]);

        var memory = measures["import memory, 2,000 rows"];
        Assert.Equal("MiB", memory.GetProperty("unit").GetString());
        Assert.True(memory.GetProperty("details").GetProperty("allocated_mib").GetDouble() > 0);
        Assert.True(measures["import write (ledger with positions and rollups, report, verification)"].GetProperty("details").GetProperty("cpu_s").GetDouble() > 0);
    }

    [Fact]
    public void a_large_import_is_judged_against_a_smaller_reference_import_of_the_same_run_and_against_one_gib()
    {
        var result = Run("bench", "--import-only", "--import-rows", "3000", "--import-reference-rows", "1000", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = result.Json();
        Assert.Equal(1000, report.GetProperty("parameters").GetProperty("import_reference_rows").GetInt32());
        var measures = report.GetProperty("measures").EnumerateArray().ToDictionary(m => m.GetProperty("measure").GetString()!);
        Assert.All(measures.Values, AssertRatioAndVerdict);

        // Rows/s at 3,000 rows over rows/s at 1,000, both measured here: no worse means a ratio of at least 1.
        var reference = measures["import end to end, 1,000 rows (reference for 3,000)"];
        Assert.True(reference.GetProperty("details").GetProperty("peak_mib").GetDouble() > 0);
        var scaling = measures["import rows/s at 3,000 rows against 1,000"];
        AssertBaseline(scaling, reference);
        Assert.Equal(measures["import end to end, 3,000 rows"].GetProperty("value").GetDouble(), scaling.GetProperty("value").GetDouble());
        AssertConditions(scaling, ("ratio", "at_least", 1.0));

        var memory = measures["import memory, 3,000 rows"];
        Assert.Equal("MiB", memory.GetProperty("unit").GetString());
        AssertConditions(memory, ("value", "at_most", 1024));
    }

    [Fact]
    public void a_freqtrade_database_of_trades_with_orders_is_imported_and_measured_against_a_raw_insert_of_its_fills()
    {
        var result = Run("bench", "--import-only", "--import-rows", "1000", "--import-freqtrade-trades", "600", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = result.Json();
        Assert.Equal(600, report.GetProperty("parameters").GetProperty("import_freqtrade_trades").GetInt32());
        var measures = report.GetProperty("measures").EnumerateArray().ToDictionary(m => m.GetProperty("measure").GetString()!);
        Assert.All(measures.Values, AssertRatioAndVerdict);

        // 600 trades of one entry and one exit fill, the last still open.
        var import = measures["freqtrade import of 600 trades (1,199 fills), read to verified"];
        AssertBaseline(import, measures["raw SQLite prepared insert of the 1,199 freqtrade fills (baseline)"]);
        Assert.Equal("rows/s", import.GetProperty("unit").GetString());
        Assert.True(import.GetProperty("value").GetDouble() > 0);
        Assert.True(import.GetProperty("details").GetProperty("elapsed_s").GetDouble() > 0);
        var memory = measures["freqtrade import memory, 600 trades"];
        Assert.Equal("MiB", memory.GetProperty("unit").GetString());
        Assert.True(memory.GetProperty("value").GetDouble() > 0);
        AssertConditions(memory, ("value", "at_most", 1024));
    }

    [Fact]
    public void bench_api_stores_every_answered_request_and_reads_its_commits_from_the_servers_metrics()
    {
        var result = Run("bench", "api", "--clients", "4", "--bots", "2", "--seconds", "1", "--warmup", "1", "--rounds", "2", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var measures = result.Json().GetProperty("measures").EnumerateArray().ToDictionary(m => m.GetProperty("measure").GetString()!);
        var single = measures["API, 4 clients, one commit per request (baseline)"];
        var grouped = measures["API, 4 clients posting one fill each, group commit"];
        foreach (var load in new[] { single, grouped })
        {
            var details = load.GetProperty("details");
            Assert.True(load.GetProperty("value").GetDouble() > 0, load.ToString());
            Assert.Equal(0, details.GetProperty("errors_count").GetDouble());
            Assert.True(details.GetProperty("sent_count").GetDouble() > 0, load.ToString());
            Assert.Equal(details.GetProperty("sent_count").GetDouble(), details.GetProperty("stored_count").GetDouble());
            Assert.True(details.GetProperty("cpu_ms_per_request").GetDouble() > 0, load.ToString());
            Assert.True(load.GetProperty("samples").GetInt32() > 0, load.ToString());
            Assert.True(load.GetProperty("p50_ms").GetDouble() <= load.GetProperty("p99_ms").GetDouble(), load.ToString());
            Assert.True(load.GetProperty("p99_ms").GetDouble() <= load.GetProperty("max_ms").GetDouble(), load.ToString());

            // Two rounds of each load, alternately: the figure is the median round's, the lower of two.
            Assert.Equal(2, details.GetProperty("rounds_count").GetDouble());
            var rounds = new[] { details.GetProperty("round_1_requests_per_second").GetDouble(), details.GetProperty("round_2_requests_per_second").GetDouble() };
            Assert.Equal(rounds.Min(), load.GetProperty("value").GetDouble());
        }

        // The baseline commits each request alone; the server's own histogram must say so.
        Assert.Equal(1, single.GetProperty("details").GetProperty("requests_per_commit").GetDouble());
        Assert.True(grouped.GetProperty("details").GetProperty("requests_per_commit").GetDouble() >= 1, grouped.ToString());
        AssertBaseline(grouped, single);
        AssertConditions(grouped, ("ratio", "at_least", 10), ("p99_ms", "at_most", 10), ("errors", "at_most", 0), ("stored_minus_sent", "at_most", 0));
    }

    [Theory]
    [InlineData("--fills", "1000", "--fills must be at least 2,000")]
    [InlineData("--fills", "-5", "--fills must be at least 2,000")]
    [InlineData("--batch", "0", "--batch must be at least 1")]
    public void a_history_too_small_to_measure_or_an_empty_batch_is_refused_in_one_line_before_anything_runs(string option, string value, string message)
    {
        var result = Run("bench", option, value, "--import-rows", "0", "--late-fills", "0", "--json");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public void the_human_table_keeps_its_columns_and_ends_with_the_machine_and_the_date()
    {
        var result = Run("bench", "--import-only", "--import-rows", "2000");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["| measure | result | target | met |", "|---|---|---|---|"], lines[..2]);
        Assert.All(lines[2..], l => Assert.Matches(@"^\| [^|]+ \| [^|]+ \| [^|]+ \| (yes|no|-) \|$", l));
        Assert.StartsWith("| import end to end, 2,000 rows | ", lines.Single(l => l.Contains("end to end", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains($"SQLite {SqliteFile.EngineVersion()}", lines[^2], StringComparison.Ordinal);
        Assert.StartsWith("| machine | ", lines[^2], StringComparison.Ordinal);
        Assert.StartsWith("| date | ", lines[^1], StringComparison.Ordinal);

        // Progress goes to stderr; the temporary databases are removed afterwards.
        var folder = TemporaryFolder().Match(result.Error);
        Assert.True(folder.Success, result.Error);
        Assert.False(Directory.Exists(folder.Groups[1].Value));
    }

    private static void AssertTiming(JsonElement m)
    {
        var (p50, p99, max) = (m.GetProperty("p50_ms").GetDouble(), m.GetProperty("p99_ms").GetDouble(), m.GetProperty("max_ms").GetDouble());
        Assert.True(m.GetProperty("samples").GetInt32() > 0);
        Assert.True(p50 > 0 && p50 <= p99 && p99 <= max, m.ToString());
        Assert.Contains(m.GetProperty("value").GetDouble(), new[] { p50, p99 });
    }

    private static void AssertBaseline(JsonElement measure, JsonElement baseline)
    {
        var named = measure.GetProperty("baseline");
        Assert.Equal(baseline.GetProperty("measure").GetString(), named.GetProperty("measure").GetString());
        Assert.Equal(baseline.GetProperty("value").GetDouble(), named.GetProperty("value").GetDouble());
        Assert.Equal(baseline.GetProperty("unit").GetString(), named.GetProperty("unit").GetString());
        Assert.Equal(JsonValueKind.Number, measure.GetProperty("ratio").ValueKind);
    }

    /// <summary>The ratio is the value over the baseline's; the verdict is every condition met, each judged from the numbers.</summary>
    private static void AssertRatioAndVerdict(JsonElement m)
    {
        if (m.GetProperty("baseline").ValueKind == JsonValueKind.Object)
        {
            var expected = m.GetProperty("value").GetDouble() / m.GetProperty("baseline").GetProperty("value").GetDouble();
            Assert.Equal(expected, m.GetProperty("ratio").GetDouble(), 1e-9);
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, m.GetProperty("ratio").ValueKind);
        }

        var conditions = m.GetProperty("conditions").EnumerateArray().ToList();
        if (conditions.Count == 0)
        {
            Assert.Equal("-", m.GetProperty("target").GetString());
            Assert.Equal(JsonValueKind.Null, m.GetProperty("met").ValueKind);
            return;
        }

        foreach (var condition in conditions)
        {
            var actual = m.GetProperty(condition.GetProperty("of").GetString()!).GetDouble();
            var limit = condition.GetProperty("limit").GetDouble();
            var met = condition.GetProperty("comparison").GetString() == "at_least" ? actual >= limit : actual <= limit;
            Assert.Equal(met, condition.GetProperty("met").GetBoolean());
        }

        Assert.Equal(conditions.All(c => c.GetProperty("met").GetBoolean()), m.GetProperty("met").GetBoolean());
    }

    private static void AssertConditions(JsonElement m, params (string Of, string Comparison, double Limit)[] expected) =>
        Assert.Equal(
            expected,
            m.GetProperty("conditions").EnumerateArray().Select(c => (c.GetProperty("of").GetString()!, c.GetProperty("comparison").GetString()!, c.GetProperty("limit").GetDouble())));

    [GeneratedRegex(@"temporary databases in (\S+),")]
    private static partial Regex TemporaryFolder();
}
