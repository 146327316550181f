using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary><c>tradebook bench</c>, kept small: it must run and report every figure beside the raw baseline.</summary>
public sealed class BenchTests
{
    [Fact]
    public void bench_json_reports_each_measure_against_the_raw_baseline()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var benchFolders = Directory.GetDirectories(Path.GetTempPath(), "tradebook-bench-*").Length;

        var exit = TradebookCli.Run(["bench", "--fills", "20000", "--import-rows", "2000", "--json"], output, error);

        var result = new CliResult(exit, output.ToString(), error.ToString());
        Assert.True(exit == 0, result.ToString());
        var entries = result.Json().EnumerateArray().ToList();
        Assert.All(entries, e =>
        {
            Assert.False(string.IsNullOrEmpty(e.GetProperty("measure").GetString()));
            Assert.False(string.IsNullOrEmpty(e.GetProperty("result").GetString()));
            Assert.True(e.TryGetProperty("target", out _));
            Assert.True(e.TryGetProperty("met", out _));
        });

        var baseline = entries[0];
        Assert.Contains("raw SQLite", baseline.GetProperty("measure").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("rows/s", baseline.GetProperty("result").GetString(), StringComparison.Ordinal);
        Assert.Contains(entries, e => e.GetProperty("result").GetString()!.Contains("% of baseline", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.GetProperty("measure").GetString() == "bot P&L read at 20,000 fills");
        Assert.Contains(entries, e => e.GetProperty("measure").GetString()!.StartsWith("durable single-fill commit", StringComparison.Ordinal));

        // The import of a generated trades table is timed end to end beside its own raw baseline.
        var import = entries.Single(e => e.GetProperty("measure").GetString() == "import end to end, 2,000 rows");
        Assert.Contains("rows/s", import.GetProperty("result").GetString(), StringComparison.Ordinal);
        Assert.Contains("% of baseline", import.GetProperty("result").GetString(), StringComparison.Ordinal);
        Assert.Contains(entries, e => e.GetProperty("measure").GetString()!.StartsWith("import read", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.GetProperty("result").GetString()!.StartsWith("ledger writing while reading", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.GetProperty("result").GetString()!.StartsWith("peak working set", StringComparison.Ordinal));

        // Progress goes to stderr; the temporary database is removed afterwards.
        Assert.Contains("bench: ", result.Error, StringComparison.Ordinal);
        Assert.Equal(benchFolders, Directory.GetDirectories(Path.GetTempPath(), "tradebook-bench-*").Length);
    }
}
