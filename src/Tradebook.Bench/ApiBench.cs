using System.Globalization;

namespace Tradebook.Bench;

/// <summary>
/// <c>tradebook bench api</c>: the server's write path under concurrent clients, with group commit,
/// against the same load committed one request at a time, and the in-process rate of one-fill commits,
/// all in the same run. Target: at least 10 times the commit-per-request throughput, p99 at most
/// 10 ms, no error, and every answered record stored.
/// <para>
/// The two loads run in alternate rounds, each taking the first turn in every other round, and each is
/// judged by its median round: what else the machine does moves both alike, where one run of each, a
/// minute apart, measured the same build anywhere from 4.5x to 6.2x.
/// </para>
/// </summary>
internal static class ApiBench
{
    public static List<BenchResult> Run(ApiBenchParameters parameters, TextWriter log)
    {
        var duration = TimeSpan.FromSeconds(parameters.Seconds);
        log.WriteLine($"bench api: {parameters.Clients} clients, {parameters.Bots} bots, {parameters.Rounds} rounds of {parameters.Seconds} s measured per load, after {parameters.Warmup} s of warm-up in the first round and 1 s in the others");
        var store = ApiLoad.InProcessCommitsPerSecond(duration);
        log.WriteLine($"bench api: in-process one-fill commits {store:N0}/s");
        var single = new List<ApiLoadResult>();
        var grouped = new List<ApiLoadResult>();
        for (var round = 0; round < parameters.Rounds; round++)
        {
            // The first round's warm-up lets the runtime compile the hot path again with what it learned (tiered
            // compilation); the process keeps that code for the rounds after it.
            var warmup = TimeSpan.FromSeconds(round == 0 ? parameters.Warmup : Math.Min(1, parameters.Warmup));
            ApiLoadResult RunSingle() => Logged(log, round, "one commit per request", ApiLoad.Run(parameters.Clients, parameters.Bots, warmup, duration, maxGroupCommit: 1).GetAwaiter().GetResult());
            ApiLoadResult RunGrouped() => Logged(log, round, "group commit", ApiLoad.Run(parameters.Clients, parameters.Bots, warmup, duration, maxGroupCommit: 256).GetAwaiter().GetResult());
            if (round % 2 == 0)
            {
                single.Add(RunSingle());
                grouped.Add(RunGrouped());
            }
            else
            {
                grouped.Add(RunGrouped());
                single.Add(RunSingle());
            }
        }

        var singleMedian = Median(single);
        var groupedMedian = Median(grouped);
        var storeResult = BenchResult.Rate("in-process store: one fill per durable commit, no HTTP", $"{store:N0} commits/s", store, "commits/s");
        var singleResult = Load($"API, {parameters.Clients} clients, one commit per request (baseline)", singleMedian, single, null);
        var groupedResult = Load($"API, {parameters.Clients} clients posting one fill each, group commit", groupedMedian, grouped, singleResult.AsBaseline());
        groupedResult = groupedResult.WithTarget(
            ">= 10x baseline, p99 <= 10 ms, 0 errors, stored = sent",
            groupedResult.AtLeast("ratio", 10),
            groupedResult.AtMost("p99_ms", 10),
            new BenchCondition("errors", "at_most", 0, grouped.Sum(g => g.Errors) == 0),
            new BenchCondition("stored_minus_sent", "at_most", 0, grouped.All(g => g.Stored == g.Sent)));
        return [storeResult, singleResult, groupedResult];
    }

    private static ApiLoadResult Logged(TextWriter log, int round, string load, ApiLoadResult result)
    {
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench api: round {round + 1}, {load}: {result.RequestsPerSecond:N0} requests/s, p99 {result.Latency.P99:0.00} ms, {result.CpuMsPerRequest:0.000} ms CPU/request, {result.MeanGroup:0.0} requests/commit"));
        return result;
    }

    /// <summary>The round of median throughput (the lower middle one of an even count).</summary>
    private static ApiLoadResult Median(List<ApiLoadResult> rounds) => rounds.OrderBy(r => r.RequestsPerSecond).ElementAt((rounds.Count - 1) / 2);

    /// <summary>
    /// A load's median round: its throughput, latencies, CPU and group size; the errors, answered and stored
    /// counts are those of every round together.
    /// </summary>
    private static BenchResult Load(string measure, ApiLoadResult median, List<ApiLoadResult> rounds, BenchBaseline? baseline)
    {
        var errors = rounds.Sum(r => r.Errors);
        var sent = rounds.Sum(r => r.Sent);
        var stored = rounds.Sum(r => r.Stored);
        var details = new Dictionary<string, double>
        {
            ["errors_count"] = errors,
            ["sent_count"] = sent,
            ["stored_count"] = stored,
            ["cpu_ms_per_request"] = median.CpuMsPerRequest,
            ["requests_per_commit"] = median.MeanGroup,
            ["rounds_count"] = rounds.Count,
        };
        for (var i = 0; i < rounds.Count; i++)
        {
            details[$"round_{i + 1}_requests_per_second"] = rounds[i].RequestsPerSecond;
        }

        return BenchResult.Rate(
            measure,
            string.Create(CultureInfo.InvariantCulture, $"{median.RequestsPerSecond:N0} requests/s (median of {rounds.Count} rounds: {string.Join(", ", rounds.Select(r => r.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))}), p50 {median.Latency.P50:0.00} ms, p99 {median.Latency.P99:0.00} ms, {errors} errors, {stored:N0} stored of {sent:N0} answered, {median.CpuMsPerRequest:0.000} ms of CPU a request, {median.MeanGroup:0.0} requests a commit"),
            median.RequestsPerSecond,
            "requests/s",
            baseline) with
        {
            P50Ms = median.Latency.P50,
            P99Ms = median.Latency.P99,
            MaxMs = median.Latency.Max,
            Samples = median.Latency.Count,
            Details = details,
        };
    }
}
