using System.Globalization;
using Tradebook.Storage;

namespace Tradebook.Bench;

/// <summary>
/// The runs behind <c>tradebook bench</c> and <c>tradebook bench api</c>: each measures on fresh temporary
/// databases and returns its figures with the machine, the versions and the parameters of the run.
/// </summary>
internal static class BenchRun
{
    public static BenchReport Store(BenchParameters parameters, TextWriter log)
    {
        var loadBefore = BenchMachine.LoadAverage();
        var folder = Directory.CreateTempSubdirectory("tradebook-bench-").FullName;
        log.WriteLine($"bench: temporary databases in {folder}, removed at the end");
        try
        {
            // The import runs first, so that its memory figures are not inflated by the store benchmark's.
            var import = parameters.ImportRows > 0 ? ImportBench.Run(folder, parameters.ImportRows, parameters.ImportReferenceRows, log) : [];
            if (parameters.ImportFreqtradeTrades > 0)
            {
                import.AddRange(ImportBench.RunFreqtrade(folder, parameters.ImportFreqtradeTrades, log));
            }

            var late = parameters.ImportOnly || parameters.LateFills == 0 ? [] : LateFillBench.Run(folder, parameters.LateFills, log);
            var results = parameters.ImportOnly ? import : StoreBench.Run(folder, parameters.Fills, parameters.Batch, log).Concat(late).Concat(import).ToList();
            return Report(parameters, results, loadBefore);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The server's write path under concurrent clients (<see cref="ApiBench"/>).</summary>
    public static BenchReport Api(ApiBenchParameters parameters, TextWriter log)
    {
        var loadBefore = BenchMachine.LoadAverage();
        return Report(parameters, ApiBench.Run(parameters, log), loadBefore);
    }

    private static BenchReport Report(object parameters, IReadOnlyList<BenchResult> results, IReadOnlyList<double>? loadBefore)
    {
        var machine = new BenchMachine(
            Environment.ProcessorCount, BenchMachine.CpuModel(), Environment.OSVersion.ToString(), Environment.Version.ToString(), loadBefore, BenchMachine.LoadAverage());
        return new BenchReport(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), machine, Versions.Current, parameters, results);
    }
}
