using System.Globalization;

namespace Tradebook.Bench;

/// <summary>
/// <c>tradebook bench api</c>: the server's write path under concurrent clients, with group commit,
/// against the same load committed one request at a time, and the in-process rate of one-fill commits,
/// all in the same run. Target: at least 10 times the commit-per-request throughput, p99 at most
/// 10 ms, no error, and every answered record stored.
/// </summary>
internal static class ApiBench
{
    public static List<BenchResult> Run(ApiBenchParameters parameters, TextWriter log)
    {
        var duration = TimeSpan.FromSeconds(parameters.Seconds);
        var warmup = TimeSpan.FromSeconds(parameters.Warmup);
        log.WriteLine($"bench api: {parameters.Clients} clients, {parameters.Bots} bots, {parameters.Seconds} s measured per run after {parameters.Warmup} s of warm-up");
        var store = ApiLoad.InProcessCommitsPerSecond(duration);
        log.WriteLine($"bench api: in-process one-fill commits {store:N0}/s");
        var single = ApiLoad.Run(parameters.Clients, parameters.Bots, warmup, duration, maxGroupCommit: 1).GetAwaiter().GetResult();
        log.WriteLine($"bench api: one commit per request {single.RequestsPerSecond:N0} requests/s, {single.CpuMsPerRequest:0.000} ms CPU/request");
        var grouped = ApiLoad.Run(parameters.Clients, parameters.Bots, warmup, duration, maxGroupCommit: 256).GetAwaiter().GetResult();
        log.WriteLine($"bench api: group commit {grouped.RequestsPerSecond:N0} requests/s, {grouped.CpuMsPerRequest:0.000} ms CPU/request, {grouped.MeanGroup:0.0} requests/commit");

        var storeResult = BenchResult.Rate("in-process store: one fill per durable commit, no HTTP", $"{store:N0} commits/s", store, "commits/s");
        var singleResult = Load($"API, {parameters.Clients} clients, one commit per request (baseline)", single, null);
        var groupedResult = Load($"API, {parameters.Clients} clients posting one fill each, group commit", grouped, singleResult.AsBaseline());
        groupedResult = groupedResult.WithTarget(
            ">= 10x baseline, p99 <= 10 ms, 0 errors, stored = sent",
            groupedResult.AtLeast("ratio", 10),
            groupedResult.AtMost("p99_ms", 10),
            new BenchCondition("errors", "at_most", 0, grouped.Errors == 0),
            new BenchCondition("stored_minus_sent", "at_most", 0, grouped.Stored == grouped.Sent));
        return [storeResult, singleResult, groupedResult];
    }

    private static BenchResult Load(string measure, ApiLoadResult load, BenchBaseline? baseline) =>
        BenchResult.Rate(
            measure,
            string.Create(CultureInfo.InvariantCulture, $"{load.RequestsPerSecond:N0} requests/s, p50 {load.Latency.P50:0.00} ms, p99 {load.Latency.P99:0.00} ms, {load.Errors} errors, {load.Stored:N0} stored of {load.Sent:N0} answered, {load.CpuMsPerRequest:0.000} ms of CPU a request, {load.MeanGroup:0.0} requests a commit"),
            load.RequestsPerSecond,
            "requests/s",
            baseline) with
        {
            P50Ms = load.Latency.P50,
            P99Ms = load.Latency.P99,
            MaxMs = load.Latency.Max,
            Samples = load.Latency.Count,
            Details = new Dictionary<string, double>
            {
                ["errors_count"] = load.Errors,
                ["sent_count"] = load.Sent,
                ["stored_count"] = load.Stored,
                ["cpu_ms_per_request"] = load.CpuMsPerRequest,
                ["requests_per_commit"] = load.MeanGroup,
            },
        };
}
