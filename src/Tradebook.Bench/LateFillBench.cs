using System.Diagnostics;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Migrations;

namespace Tradebook.Bench;

/// <summary>
/// What a late batch costs: on one product with a long history, a 1,000-fill batch whose fills all fall just
/// before the last 1% of that history, against the same 1,000 fills recorded in time order (after the newest
/// fill), alternately, in the same run. The late batch is replayed from the product's latest checkpoint before
/// it; once, with the checkpoints deleted, it is also timed replaying from the first fill, as it did before
/// there were checkpoints.
/// </summary>
internal static class LateFillBench
{
    private const int BatchFills = 1_000;
    private const int Rounds = 7;

    public static List<BenchResult> Run(string folder, int historyFills, TextWriter log)
    {
        using var database = new TradebookDatabase(DatabaseTarget.Parse(Path.Combine(folder, "late.db"), "bench", folder));
        new Migrator(database).Migrate();
        var ledger = new LedgerWriter(database, TimeProvider.System);
        ledger.AddBot(new BotSpec("late", BotMode.Paper));
        var generator = new FillGenerator(17, "late", 1);

        log.WriteLine($"bench: recording {historyFills:N0} fills of one product for the late batches...");
        var history = 0;
        var newest = default(DateTimeOffset);
        while (history < historyFills)
        {
            var batch = generator.Take(Math.Min(10_000, historyFills - history)).ToList();
            ledger.Record(new LedgerBatch { Fills = batch });
            history += batch.Count;
            newest = batch[^1].Timestamp;
        }

        var inOrder = new List<double>();
        var late = new List<double>();
        log.WriteLine($"bench: {Rounds} rounds of a {BatchFills:N0}-fill batch in time order and the same batch before the last 1%...");
        for (var round = 0; round < Rounds; round++)
        {
            var batch = generator.Take(BatchFills).ToList();
            var after = newest;
            inOrder.Add(Time(ledger, batch.Select((f, i) => f with { Id = $"{f.Id}-in-order", Timestamp = after.AddSeconds(i + 1) })));
            newest = newest.AddSeconds(BatchFills);
            history += BatchFills;

            late.Add(Time(ledger, BeforeLastPercent(database, batch, history, "late")));
            history += BatchFills;
        }

        log.WriteLine("bench: one late batch replayed from the first fill (checkpoints deleted)...");
        database.Run(connection =>
        {
            using var delete = connection.Command(null, "DELETE FROM product_checkpoints");
            return delete.ExecuteNonQuery();
        });
        var fromFirstMs = Time(ledger, BeforeLastPercent(database, generator.Take(BatchFills).ToList(), history, "from-first"));

        var size = $"{historyFills:N0}-fill product";
        var baseline = BenchResult.Timing($"{BatchFills:N0}-fill batch in time order, {size}", Latency.Of(inOrder), l => l.P50);
        var measured = BenchResult.Timing("the same batch landing before the last 1% of the product's history", Latency.Of(late), l => l.P50, baseline.AsBaseline())
            with { Details = new Dictionary<string, double> { ["checkpoint_interval_fills"] = ledger.CheckpointInterval } };
        var first = BenchResult.Timing($"the same late batch replayed from the first fill (checkpoints deleted), {size}", Latency.Of([fromFirstMs]), l => l.P50, baseline.AsBaseline());
        return [baseline, measured.WithTarget("p50 <= 5x the batch in time order", measured.AtMost("ratio", 5)), first];
    }

    /// <summary>
    /// The batch's fills moved between the product's last 1% of fills and the fill before them, evenly spread
    /// (history fills are at least a millisecond apart, so each keeps a time of its own).
    /// </summary>
    private static List<FillRecord> BeforeLastPercent(TradebookDatabase database, List<FillRecord> batch, int history, string suffix)
    {
        var (before, first) = database.Run(connection =>
        {
            using var command = connection.Command(null, "SELECT ts FROM fills ORDER BY ts DESC, id DESC LIMIT 2 OFFSET @offset");
            command.Add("@offset", (history / 100) - 1);
            using var reader = command.ExecuteReader();
            reader.Read();
            var lastPercent = StoredTime.Read(reader.GetValue(0));
            reader.Read();
            return (StoredTime.Read(reader.GetValue(0)), lastPercent);
        });
        var step = (first - before) / (batch.Count + 1);
        return [.. batch.Select((f, i) => f with { Id = $"{f.Id}-{suffix}", Timestamp = before + (step * (i + 1)) })];
    }

    private static double Time(LedgerWriter ledger, IEnumerable<FillRecord> fills)
    {
        var batch = new LedgerBatch { Fills = fills.ToList() };
        var watch = Stopwatch.StartNew();
        ledger.Record(batch);
        return watch.Elapsed.TotalMilliseconds;
    }
}
