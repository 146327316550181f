using System.Globalization;
using Tradebook.Storage;

namespace Tradebook.Bench;

/// <summary>A whole <c>tradebook bench</c> run: where and when it ran, with what, and every measure.</summary>
internal sealed record BenchReport(string Date, BenchMachine Machine, Versions Versions, object Parameters, IReadOnlyList<BenchResult> Measures)
{
    /// <summary>The rows of the human table: the measures, then the machine and the date, as the table has always ended.</summary>
    public IEnumerable<(string Measure, string Result, string Target, string Met)> TableRows()
    {
        foreach (var r in Measures)
        {
            yield return (r.Measure, r.Result, r.Target, r.Met is null ? "-" : r.Met.Value ? "yes" : "no");
        }

        var load = Machine.LoadAverageEnd is [var one, var five, ..]
            ? string.Create(CultureInfo.InvariantCulture, $", load average {one:0.00} {five:0.00} at the end")
            : "";
        yield return ("machine", $"{Machine.Cores} cores, {Machine.Os}, .NET {Machine.Dotnet}, SQLite {Versions.Sqlite}{load}", "-", "-");
        yield return ("date", Date, "-", "-");
    }
}

/// <summary>The machine a run measured: other work on it inflates every figure, so the load average is kept beside them.</summary>
/// <param name="LoadAverageStart">The 1, 5 and 15 minute load averages when the run started (Linux only).</param>
/// <param name="LoadAverageEnd">The same when it ended.</param>
internal sealed record BenchMachine(int Cores, string? Cpu, string Os, string Dotnet, IReadOnlyList<double>? LoadAverageStart, IReadOnlyList<double>? LoadAverageEnd)
{
    public static IReadOnlyList<double>? LoadAverage() =>
        File.Exists("/proc/loadavg")
            ? File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList()
            : null;

    public static string? CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
}

/// <summary>What the run was asked to measure.</summary>
/// <param name="LateFills">Fills of the one product the late-batch measure builds; 0 skips it.</param>
/// <param name="ImportFreqtradeTrades">Trades of the freqtrade database the import measure also imports; 0 skips it.</param>
internal sealed record BenchParameters(int Fills, int Batch, int ImportRows, bool ImportOnly, int ImportReferenceRows, int LateFills, int ImportFreqtradeTrades = 0);

/// <summary>What <c>tradebook bench api</c> was asked to load.</summary>
internal sealed record ApiBenchParameters(int Clients, int Bots, int Seconds, int Warmup, int Rounds);
