using System.Diagnostics;
using Tradebook.Import;
using Tradebook.Import.Sources;
using Tradebook.Import.Writing;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Migrations;

namespace Tradebook.Bench;

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

    /// <summary>Rows of the import that rows/s at a larger size is compared with, in the same run, unless told otherwise.</summary>
    public const int ReferenceRows = 1_000_000;

    /// <summary>
    /// Imports <paramref name="rows"/> rows; past <paramref name="referenceRows"/>, an import of that many rows runs first,
    /// so that the rate at <paramref name="rows"/> is judged against it on the same machine and load: memory flat in
    /// the row count shows as a rate that does not fall.
    /// </summary>
    public static List<BenchResult> Run(string folder, int rows, int referenceRows, TextWriter log)
    {
        var reference = rows > referenceRows ? Import(folder, GenericTable(referenceRows), log) : null;
        var measured = Import(folder, GenericTable(rows), log);
        var (phases, total, readTime) = (measured.Phases, measured.Total, measured.ReadTime);
        var streamed = phases.GetValueOrDefault("streamed");
        var rest = string.Join(", ", phases.Where(p => p.Key != "streamed").Select(p => $"{p.Key} {p.Value.TotalSeconds:0.00} s"));
        double Rate(TimeSpan time) => rows / time.TotalSeconds;

        var baseline = BenchResult.Rate($"raw SQLite prepared insert of the {rows:N0} import rows (baseline)", $"{measured.RawRate:N0} rows/s", measured.RawRate, "rows/s");
        var read = BenchResult.Rate(
            "import read (detect + generic trades reader, on its own thread)",
            $"{Rate(readTime):N0} rows/s (done {readTime.TotalSeconds:0.00} s after the start, of which detecting the format {measured.DetectTime.TotalSeconds:0.00} s)",
            Rate(readTime),
            "rows/s") with
        {
            Details = new Dictionary<string, double> { ["done_after_s"] = readTime.TotalSeconds, ["detect_s"] = measured.DetectTime.TotalSeconds },
        };
        var write = new BenchResult(
            "import write (ledger with positions and rollups, report, verification)",
            $"ledger writing while reading {streamed.TotalSeconds:0.00} s, then {rest}; CPU of the whole import {measured.Cpu.TotalSeconds:0.00} s",
            "-")
        {
            Value = streamed.TotalSeconds,
            Unit = "s",
            Details = phases.ToDictionary(p => $"{p.Key}_s", p => p.Value.TotalSeconds).Append(new("cpu_s", measured.Cpu.TotalSeconds)).ToDictionary(),
        };
        var endToEnd = BenchResult.Rate(
            $"import end to end, {rows:N0} rows",
            $"{Rate(total):N0} rows/s ({total.TotalSeconds:0.00} s, {100 * Rate(total) / measured.RawRate:0}% of baseline)",
            Rate(total),
            "rows/s",
            baseline.AsBaseline()) with
        {
            Details = new Dictionary<string, double> { ["elapsed_s"] = total.TotalSeconds },
        };
        var memory = Memory($"import memory, {rows:N0} rows", measured);

        List<BenchResult> results =
        [
            baseline,
            read,
            write,
            endToEnd.WithTarget(">= 0.5x baseline", endToEnd.AtLeast("ratio", 0.5)),
            memory.WithTarget("peak working set <= 1 GiB", memory.AtMost("value", 1024)),
        ];
        if (reference is not null)
        {
            var referenceRate = reference.Rows / reference.Total.TotalSeconds;
            var atReference = BenchResult.Rate(
                $"import end to end, {reference.Rows:N0} rows (reference for {rows:N0})",
                $"{referenceRate:N0} rows/s ({reference.Total.TotalSeconds:0.00} s), peak working set {reference.Peak / MiB:N0} MiB",
                referenceRate,
                "rows/s") with
            {
                Details = new Dictionary<string, double> { ["elapsed_s"] = reference.Total.TotalSeconds, ["peak_mib"] = reference.Peak / MiB },
            };
            var scaling = BenchResult.Rate(
                $"import rows/s at {rows:N0} rows against {reference.Rows:N0}",
                $"{Rate(total):N0} rows/s against {referenceRate:N0} rows/s ({Rate(total) / referenceRate:0.00}x)",
                Rate(total),
                "rows/s",
                atReference.AsBaseline());
            results.Add(atReference);
            results.Add(scaling.WithTarget($"no worse than at {reference.Rows:N0} (>= 1.0x)", scaling.AtLeast("ratio", 1.0)));
        }

        return results;
    }

    /// <summary>
    /// A freqtrade database of <paramref name="trades"/> trades with their orders, imported as <c>tradebook import</c> does:
    /// its rate in fills/s against a raw insert of the same fills, and its peak working set.
    /// </summary>
    public static List<BenchResult> RunFreqtrade(string folder, int trades, TextWriter log)
    {
        var measured = Import(folder, new Source($"freqtrade database of {trades:N0} trades", "freqtrade", FreqtradeSource.FillCount(trades), path => FreqtradeSource.Write(path, trades), () => FreqtradeSource.Fills(trades)), log);
        var fills = measured.Rows;
        var rate = fills / measured.Total.TotalSeconds;
        var baseline = BenchResult.Rate($"raw SQLite prepared insert of the {fills:N0} freqtrade fills (baseline)", $"{measured.RawRate:N0} rows/s", measured.RawRate, "rows/s");
        var endToEnd = BenchResult.Rate(
            $"freqtrade import of {trades:N0} trades ({fills:N0} fills), read to verified",
            $"{rate:N0} fills/s ({measured.Total.TotalSeconds:0.00} s, {100 * rate / measured.RawRate:0}% of baseline; reading done after {measured.ReadTime.TotalSeconds:0.00} s; CPU {measured.Cpu.TotalSeconds:0.00} s)",
            rate,
            "rows/s",
            baseline.AsBaseline()) with
        {
            Details = measured.Phases.ToDictionary(p => $"{p.Key}_s", p => p.Value.TotalSeconds)
                .Append(new("elapsed_s", measured.Total.TotalSeconds)).Append(new("read_done_after_s", measured.ReadTime.TotalSeconds)).Append(new("cpu_s", measured.Cpu.TotalSeconds)).ToDictionary(),
        };
        var memory = Memory($"freqtrade import memory, {trades:N0} trades", measured);
        return [baseline, endToEnd, memory.WithTarget("peak working set <= 1 GiB", memory.AtMost("value", 1024))];
    }

    /// <summary>The generic trades table of <paramref name="rows"/> rows (<see cref="GenericTradesSource"/>).</summary>
    private static Source GenericTable(int rows) =>
        new($"generic trades table of {rows:N0} rows", "trades", rows, path => GenericTradesSource.Write(path, rows), () => GenericTradesSource.Fills(rows));

    /// <summary>
    /// In a method of its own so that nothing of the source's writing stays reachable during the import.
    /// The baseline inserts the same fills, generated again (<see cref="Source.BaselineFills"/>).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static double WriteSourceAndBaseline(string folder, string path, Source source, TextWriter log)
    {
        source.Write(path);
        log.WriteLine($"bench: raw SQLite prepared-insert baseline ({source.Fills:N0} fills of the {source.Name})...");
        var raw = Path.Combine(folder, $"import-raw-{source.Kind}-{source.Fills}.db");
        var rate = RawInsertBaseline.RowsPerSecond(raw, source.BaselineFills());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        DeleteDatabase(raw);
        return rate;
    }

    /// <summary>One import of a generated source into a fresh store, with its baseline; its files are removed after.</summary>
    private static Measurement Import(string folder, Source generated, TextWriter log)
    {
        var rows = generated.Fills;
        var source = Path.Combine(folder, $"import-source-{generated.Kind}-{rows}.db");
        log.WriteLine($"bench: writing a {generated.Name}...");
        var raw = WriteSourceAndBaseline(folder, source, generated, log);

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        log.WriteLine($"bench: importing the {generated.Name}...");
        var phases = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var store = Path.Combine(folder, $"import-{generated.Kind}-{rows}.db");
        try
        {
            using var database = new TradebookDatabase(DatabaseTarget.Parse(store, "bench", folder));
            new Migrator(database).Migrate();
            var writer = new ImportWriter(database, TimeProvider.System, (phase, took) => phases[phase] = phases.GetValueOrDefault(phase) + took);

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
                throw new InvalidOperationException($"import benchmark of a {generated.Name} stored {stored:N0} of {rows:N0} fills (verification {(report.Verification?.Ok == true ? "ok" : "failed")})");
            }

            return new Measurement(rows, raw, detectTime, readTime, total, cpu, peak, baseWorkingSet, allocated, phases);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            DeleteDatabase(store);
            DeleteDatabase(source);
        }
    }

    /// <summary>A database file and its companions: a ten-million-row run must not keep gigabytes of the last one on disk.</summary>
    private static void DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }
    }

    /// <summary>A generated source: what it is, the fills its import must store, how to write it, and the same fills again for the baseline.</summary>
    private sealed record Source(string Name, string Kind, int Fills, Action<string> Write, Func<IEnumerable<Tradebook.Core.Domain.FillRecord>> BaselineFills);

    private const double MiB = 1024 * 1024;

    /// <summary>An import's peak working set, judged against 1 GiB by the caller, with what it allocated.</summary>
    private static BenchResult Memory(string measure, Measurement measured) =>
        new(measure, $"peak working set {measured.Peak / MiB:N0} MiB (+{(measured.Peak - measured.BaseWorkingSet) / MiB:N0} MiB over start), allocated {measured.Allocated / MiB:N0} MiB", "-")
        {
            Value = measured.Peak / MiB,
            Unit = "MiB",
            Details = new Dictionary<string, double> { ["over_start_mib"] = (measured.Peak - measured.BaseWorkingSet) / MiB, ["allocated_mib"] = measured.Allocated / MiB },
        };

    /// <summary>What one import took: time, CPU and memory, and its baseline's rate.</summary>
    private sealed record Measurement(
        int Rows,
        double RawRate,
        TimeSpan DetectTime,
        TimeSpan ReadTime,
        TimeSpan Total,
        TimeSpan Cpu,
        long Peak,
        long BaseWorkingSet,
        long Allocated,
        Dictionary<string, TimeSpan> Phases);
}
