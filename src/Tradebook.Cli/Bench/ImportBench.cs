using System.Diagnostics;
using Tradebook.Core.Time;
using Tradebook.Import;
using Tradebook.Import.Sources;
using Tradebook.Import.Writing;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Migrations;

namespace Tradebook.Cli.Bench;

/// <summary>
/// Imports a generated generic trades table as <c>tradebook import</c> does (detect, read, write with
/// positions, rollups and verification) into a fresh store, beside a raw insert of the same rows.
/// </summary>
internal static class ImportBench
{
    /// <summary>CPU time of the whole process, GC included: on a shared machine it moves less than wall time.</summary>
    private static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>
    /// In a method of its own so that the generated rows are garbage once it returns: a local of the
    /// long method below would stay reachable to its end and count in the import's memory.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static double WriteSourceAndBaseline(string folder, string source, int rows, TextWriter log)
    {
        var fills = GenericTradesSource.Write(source, rows);
        log.WriteLine($"bench: raw SQLite prepared-insert baseline ({rows:N0} import rows)...");
        return RawInsertBaseline.RowsPerSecond(Path.Combine(folder, "import-raw.db"), fills, throughCommand: false);
    }

    public static List<BenchResult> Run(string folder, int rows, TextWriter log)
    {
        var source = Path.Combine(folder, "import-source.db");
        log.WriteLine($"bench: writing a generic trades table of {rows:N0} rows...");
        var raw = WriteSourceAndBaseline(folder, source, rows, log);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        log.WriteLine($"bench: importing {rows:N0} rows...");
        var phases = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        using var database = new TradebookDatabase(DatabaseTarget.Parse(Path.Combine(folder, "import.db"), "bench", folder));
        new Migrator(database).Migrate();
        var writer = new ImportWriter(database, SystemClock.Instance, (phase, took) => phases[phase] = phases.GetValueOrDefault(phase) + took);

        var baseWorkingSet = Environment.WorkingSet;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long peak;
        TimeSpan detectTime, total, readTime = default;
        TimeSpan cpu;
        ImportReport report;
        using (var sampler = new MemorySampler())
        {
            var start = Stopwatch.GetTimestamp();
            var cpuBefore = Cpu();
            var options = new ImportOptions(TestRules: TestDataRules.Default);
            var reader = new SourceDetector().Detect(source);
            detectTime = Stopwatch.GetElapsedTime(start);

            // As `tradebook import` does with one source: the ledger writes while the reader reads.
            var streaming = (IStreamingSourceReader)reader;
            report = writer.Write(source, reader.Format, stream =>
            {
                var set = streaming.Read(source, options, stream);
                readTime = Stopwatch.GetElapsedTime(start);
                return set;
            });
            total = Stopwatch.GetElapsedTime(start);
            cpu = Cpu() - cpuBefore;
            peak = sampler.PeakWorkingSet;
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var stored = report.Kinds.TryGetValue("fills", out var fillKind) ? fillKind.Inserted : 0;
        if (stored != rows || report.Verification?.Ok != true)
        {
            throw new InvalidOperationException($"import benchmark stored {stored:N0} of {rows:N0} rows (verification {(report.Verification?.Ok == true ? "ok" : "failed")})");
        }

        var streamed = phases.GetValueOrDefault("streamed");
        var rest = string.Join(", ", phases.Where(p => p.Key != "streamed").Select(p => $"{p.Key} {p.Value.TotalSeconds:0.00} s"));
        double Rate(TimeSpan time) => rows / time.TotalSeconds;
        const double MiB = 1024 * 1024;

        var baseline = BenchResult.Rate($"raw SQLite prepared insert of the {rows:N0} import rows (baseline)", $"{raw:N0} rows/s", raw, "rows/s");
        var read = BenchResult.Rate(
            "import read (detect + generic trades reader, on its own thread)",
            $"{Rate(readTime):N0} rows/s (done {readTime.TotalSeconds:0.00} s after the start, of which detecting the format {detectTime.TotalSeconds:0.00} s)",
            Rate(readTime),
            "rows/s") with
        {
            Details = new Dictionary<string, double> { ["done_after_s"] = readTime.TotalSeconds, ["detect_s"] = detectTime.TotalSeconds },
        };
        var write = new BenchResult(
            "import write (ledger with positions and rollups, report, verification)",
            $"ledger writing while reading {streamed.TotalSeconds:0.00} s, then {rest}; CPU of the whole import {cpu.TotalSeconds:0.00} s",
            "-")
        {
            Value = streamed.TotalSeconds,
            Unit = "s",
            Details = phases.ToDictionary(p => $"{p.Key}_s", p => p.Value.TotalSeconds).Append(new("cpu_s", cpu.TotalSeconds)).ToDictionary(),
        };
        var endToEnd = BenchResult.Rate(
            $"import end to end, {rows:N0} rows",
            $"{Rate(total):N0} rows/s ({total.TotalSeconds:0.00} s, {100 * Rate(total) / raw:0}% of baseline)",
            Rate(total),
            "rows/s",
            baseline.AsBaseline()) with
        {
            Details = new Dictionary<string, double> { ["elapsed_s"] = total.TotalSeconds },
        };
        var memory = new BenchResult(
            $"import memory, {rows:N0} rows",
            $"peak working set {peak / MiB:N0} MiB (+{(peak - baseWorkingSet) / MiB:N0} MiB over start), allocated {allocated / MiB:N0} MiB",
            "-")
        {
            Value = peak / MiB,
            Unit = "MiB",
            Details = new Dictionary<string, double> { ["over_start_mib"] = (peak - baseWorkingSet) / MiB, ["allocated_mib"] = allocated / MiB },
        };

        return
        [
            baseline,
            read,
            write,
            endToEnd.WithTarget(">= 0.5x baseline", endToEnd.AtLeast("ratio", 0.5)),
            memory.WithTarget("peak working set <= 1 GiB", memory.AtMost("value", 1024)),
        ];
    }
}
