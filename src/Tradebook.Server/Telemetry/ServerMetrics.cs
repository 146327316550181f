using Prometheus;
using Tradebook.Core;
using Tradebook.Server.Events;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Health;

namespace Tradebook.Server.Telemetry;

/// <summary>
/// Tradebook's own figures on <c>/metrics</c>, beside the request counts and latencies that
/// prometheus-net measures: records written, group-commit sizes and re-runs, stream clients, database size.
/// </summary>
public sealed class ServerMetrics
{
    private static readonly Counter Records = Metrics.CreateCounter("tradebook_records_written_total", "Records accepted by write requests, per kind.", "kind");
    private static readonly Histogram GroupSizes = Metrics.CreateHistogram("tradebook_group_commit_size", "Write requests that shared one commit.", new HistogramConfiguration { Buckets = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
    private static readonly Counter GroupsRunAgain = Metrics.CreateCounter("tradebook_group_commit_reruns_total", "Groups of write requests run again, each request in a savepoint, after one of them failed.");
    private static readonly Gauge Clients = Metrics.CreateGauge("tradebook_stream_clients", "Clients following the event stream.");
    private static readonly Gauge DatabaseBytes = Metrics.CreateGauge("tradebook_database_bytes", "Bytes the database takes.");

    public ServerMetrics(ChangeFeed feed, TradebookDatabase database, Writing.WriteQueue queue) =>
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            Clients.Set(feed.Clients);
            GroupsRunAgain.IncTo(queue.GroupsRunAgain);
            try
            {
                DatabaseBytes.Set(DatabaseHealth.SizeBytes(database));
            }
            catch (Core.TradebookException)
            {
                // The size is left as last read; readiness reports the database's trouble.
            }
        });

    public static void Committed(int requests) => GroupSizes.Observe(requests);

    public static void Recorded(IReadOnlyDictionary<string, Storage.Ledger.KindCount> kinds)
    {
        foreach (var (kind, count) in kinds)
        {
            Records.WithLabels(kind).Inc(count.Inserted + count.Existing + count.Updated);
        }
    }
}
