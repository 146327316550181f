using System.Diagnostics;
using Tradebook.Core.Domain;
using Tradebook.Storage.Access;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Reads;

namespace Tradebook.Bench;

/// <summary>
/// The store's measures: batched ingest, the durable single-fill commit, P&amp;L reads, pages of fills and
/// bot turns at 1,000 fills and at the full history, each beside its raw SQLite baseline from the same run.
/// The figures at 1,000 fills and at the full history are timed alternately, on two stores side by side.
/// </summary>
internal static class StoreBench
{
    private const string RareSymbol = "RARE/USDT";

    public static List<BenchResult> Run(string folder, int historyFills, int batchSize, TextWriter log)
    {
        var results = new List<BenchResult>();
        var sample = new FillGenerator(7, "raw", 10).Take(1_000).ToList();
        var rawCommit = BenchResult.Timing(
            "raw SQLite durable single-row commit of the same records (baseline)",
            RawInsertBaseline.CommitLatency(Path.Combine(folder, "raw-commit.db"), sample),
            l => l.P99);

        // The figures at 1,000 fills come from a store of their own, kept beside the full one and timed
        // alternately with it once the full history is in: timed before the ingest instead, they met a machine
        // that had not yet to write back the ingest's gigabyte, and a 1.2x comparison measured that as often
        // as the history's size.
        using var small = BenchStore.Create(folder, "small.db");
        using var large = BenchStore.Create(folder, "bench.db");
        small.Ledger.Record(new LedgerBatch { Fills = small.Generator.Take(1_000).ToList() });
        foreach (var store in new[] { small, large })
        {
            store.Ledger.Record(RareProduct());
        }

        log.WriteLine($"bench: ingesting {historyFills:N0} fills in batches of {batchSize:N0}, each batch also into the raw baselines...");
        // The baselines take the same batches as the ledger, each in a transaction of its own, in turn with it
        // (each of the three first in every third batch): the three are timed over the same stretch of the
        // machine's time and grow to the same size. Only the recording is timed, not making the records.
        var ingestTime = TimeSpan.Zero;
        var rawTime = TimeSpan.Zero;
        var commandTime = TimeSpan.Zero;
        var ingested = 0;
        using (var rawTable = new RawInsertBaseline.Table(Path.Combine(folder, "raw.db"), throughCommand: false))
        using (var commandTable = new RawInsertBaseline.Table(Path.Combine(folder, "raw-command.db"), throughCommand: true))
        {
            for (var turn = 0; ingested < historyFills; turn++)
            {
                var fills = large.Generator.Take(Math.Min(batchSize, historyFills - ingested)).ToList();
                var batch = new LedgerBatch { Fills = fills };
                for (var step = 0; step < 3; step++)
                {
                    switch ((turn + step) % 3)
                    {
                        case 0:
                            var start = Stopwatch.GetTimestamp();
                            large.Ledger.Record(batch);
                            ingestTime += Stopwatch.GetElapsedTime(start);
                            break;
                        case 1:
                            rawTime += rawTable.Insert(fills);
                            break;
                        default:
                            commandTime += commandTable.Insert(fills);
                            break;
                    }
                }

                ingested += fills.Count;
            }
        }

        var rawRate = ingested / rawTime.TotalSeconds;
        var commandRate = ingested / commandTime.TotalSeconds;
        var raw = BenchResult.Rate("raw SQLite prepared insert of the same fill records, bound by position (baseline)", $"{rawRate:N0} rows/s", rawRate, "rows/s");
        var rawCommand = BenchResult.Rate("the same through Microsoft.Data.Sqlite's command, bound by name", $"{commandRate:N0} rows/s", commandRate, "rows/s", raw.AsBaseline());
        results.AddRange([raw, rawCommand, rawCommit]);
        var ingestRate = ingested / ingestTime.TotalSeconds;
        var ingest = BenchResult.Rate(
            "batched fill ingest, positions and rollups included",
            $"{ingestRate:N0} fills/s ({100 * ingestRate / rawRate:0}% of baseline, {100 * ingestRate / commandRate:0}% of the command's rate)",
            ingestRate,
            "fills/s",
            raw.AsBaseline());
        results.Add(ingest.WithTarget(">= 0.5x baseline", ingest.AtLeast("ratio", 0.5)));

        // Measured before another bot records fills, so that the pages and the list read the same bots in both stores.
        var (pageSmall, pageLarge) = Latency.MeasureAlternately(1_000, () => FillPage(small.Executions), () => FillPage(large.Executions));
        var (listSmall, listLarge) = Latency.MeasureAlternately(1_000, () => small.Bots.List(CallerScope.LocalOwner, new BotListQuery()), () => large.Bots.List(CallerScope.LocalOwner, new BotListQuery()));
        var (openSmall, openLarge) = Latency.MeasureAlternately(1_000, () => OpenRoundTrips(small.RoundTrips), () => OpenRoundTrips(large.RoundTrips));
        var (rareSmall, rareLarge) = Latency.MeasureAlternately(1_000, () => RareProductPages(small), () => RareProductPages(large));

        large.Ledger.AddBot(new BotSpec("single", BotMode.Paper));
        var single = new FillGenerator(13, "single", 3);
        var commit = BenchResult.Timing(
            "durable single-fill commit (synchronous=FULL)",
            Latency.Measure(1_000, () => large.Ledger.Record(new LedgerBatch { Fills = [single.Next()] })),
            l => l.P99,
            rawCommit.AsBaseline());
        results.Add(commit.WithTarget("p99 <= 2 ms", commit.AtMost("p99_ms", 2)));

        var filter = new ReportFilter(BenchStore.Bot);
        var (readSmall, readLarge) = Latency.MeasureAlternately(10_000, () => small.Reader.Pnl(filter, PnlGrouping.Product), () => large.Reader.Pnl(filter, PnlGrouping.Product));
        var pnlSmall = BenchResult.Timing("bot P&L read at 1,000 fills", readSmall, l => l.P99);
        var pnlLarge = BenchResult.Timing($"bot P&L read at {historyFills:N0} fills", readLarge, l => l.P99, pnlSmall.AsBaseline());
        results.Add(pnlSmall);
        results.Add(pnlLarge.WithTarget("p99 <= 1 ms, within 20% of 1k figure", pnlLarge.AtMost("p99_ms", 1), pnlLarge.AtMost("ratio", 1.2)));

        AddFlat(results, "the bot list, each bot with its P&L, equity and last trade, at 1,000 fills", listSmall, $"the bot list at {historyFills:N0} fills", listLarge);
        AddFlat(results, "the open round trips, of the bench bot and of every bot, at 1,000 fills", openSmall, $"the open round trips at {historyFills:N0} fills", openLarge);
        AddFlat(results, "a page of round trips and one of orders of a product traded twice, at 1,000 fills", rareSmall, $"the same product's pages at {historyFills:N0} fills", rareLarge);
        AddFlat(results, "a page of a bot's fills and one of every bot's, newest first, at 1,000 fills", pageSmall, $"the same pages at {historyFills:N0} fills", pageLarge);

        var (turnSmall, turnLarge) = Latency.MeasureAlternately(300, () => small.Ledger.Record(Turn(small.Generator)), () => large.Ledger.Record(Turn(large.Generator)));
        AddFlat(results, "bot turn (decision + order + fill + snapshot) at 1,000 fills", turnSmall, $"bot turn at {historyFills:N0} fills", turnLarge);
        var (metricsSmall, metricsLarge) = MetricsAfterTurns(small, large, 300);
        AddFlat(results, "a bot's metrics after each of its turns, at 1,000 fills", metricsSmall, $"the same at {historyFills:N0} fills", metricsLarge);
        var whole = Latency.Measure(10, () => large.History.Performance(BenchStore.Bot)!.Measure(365, DateTimeOffset.UtcNow));
        results.Add(BenchResult.Timing($"the same read whole at {historyFills:N0} fills, as every request did before the history was kept", whole, l => l.P50, results[^1].AsBaseline()));
        return results;
    }

    /// <summary>A figure at 1,000 fills and the same at the full history, whose p50 is to be within 20% of it.</summary>
    private static void AddFlat(List<BenchResult> results, string atThousand, Latency small, string atFull, Latency large)
    {
        var baseline = BenchResult.Timing(atThousand, small, l => l.P50);
        var measured = BenchResult.Timing(atFull, large, l => l.P50, baseline.AsBaseline());
        results.Add(baseline);
        results.Add(measured.WithTarget("same as at 1k (p50 within 20%)", measured.AtMost("ratio", 1.2)));
    }

    /// <summary>
    /// What a screen showing a bot's metrics pays after each of its turns, as the server's metrics cache does: the
    /// history read once (not timed), then taken further by each turn and measured.
    /// </summary>
    private static (Latency Small, Latency Large) MetricsAfterTurns(BenchStore small, BenchStore large, int turns)
    {
        BenchStore[] stores = [small, large];
        var kept = stores.Select(s => s.History.Performance(BenchStore.Bot)).ToArray();
        var times = stores.Select(_ => new List<double>(turns)).ToArray();
        for (var turn = 0; turn < turns; turn++)
        {
            for (var s = 0; s < stores.Length; s++)
            {
                stores[s].Ledger.Record(Turn(stores[s].Generator));
                var start = Stopwatch.GetTimestamp();
                kept[s] = stores[s].History.Performance(BenchStore.Bot, kept[s]);
                _ = kept[s]!.Measure(365, DateTimeOffset.UtcNow);
                times[s].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        return (Latency.Of(times[0]), Latency.Of(times[1]));
    }

    /// <summary>What a screen or an export asks for a page at a time: the newest 50 of the bench bot's fills, then of every bot's.</summary>
    private static void FillPage(Executions executions)
    {
        executions.FillPage(CallerScope.LocalOwner, new ExecutionQuery(Bot: BenchStore.Bot, Limit: 50));
        executions.FillPage(CallerScope.LocalOwner, new ExecutionQuery(Limit: 50));
    }

    /// <summary>What a screen of positions asks for: the round trips still open, of the bench bot and of every bot.</summary>
    private static void OpenRoundTrips(RoundTripHistory trips)
    {
        trips.Page(CallerScope.LocalOwner, new RoundTripQuery(Bot: BenchStore.Bot, Closed: false));
        trips.Page(CallerScope.LocalOwner, new RoundTripQuery(Closed: false));
    }

    /// <summary>A product the bench bot traded once, early: a round trip of two fills, its orders.</summary>
    private static LedgerBatch RareProduct()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return new LedgerBatch
        {
            Orders =
            [
                new OrderRecord(BenchStore.Bot, "rare-buy", RareSymbol, Side.Buy, "market", 1m, null, OrderStatus.Filled.ToText(), at),
                new OrderRecord(BenchStore.Bot, "rare-sell", RareSymbol, Side.Sell, "market", 1m, null, OrderStatus.Filled.ToText(), at.AddMinutes(1)),
            ],
            Fills =
            [
                new FillRecord(BenchStore.Bot, "rare-1", RareSymbol, Side.Buy, 1m, 5m, 0m, null, at) { OrderId = "rare-buy" },
                new FillRecord(BenchStore.Bot, "rare-2", RareSymbol, Side.Sell, 1m, 6m, 0m, null, at.AddMinutes(1)) { OrderId = "rare-sell" },
            ],
        };
    }

    /// <summary>What a screen filtered to one product asks for: its round trips, then its orders.</summary>
    private static void RareProductPages(BenchStore store)
    {
        store.RoundTrips.Page(CallerScope.LocalOwner, new RoundTripQuery(Bot: BenchStore.Bot, Symbol: RareSymbol));
        store.Executions.OrderPage(CallerScope.LocalOwner, new ExecutionQuery(Bot: BenchStore.Bot, Symbol: RareSymbol));
    }

    private static LedgerBatch Turn(FillGenerator generator)
    {
        var fill = generator.Next();
        var decision = $"d-{fill.Id}";
        return new LedgerBatch
        {
            Decisions = [new DecisionRecord(fill.Bot, decision, fill.Timestamp, "{\"rsi\": 31}", $"{{\"action\": \"{fill.Side.ToText()}\"}}")],
            Orders = [new OrderRecord(fill.Bot, $"o-{fill.Id}", fill.Symbol, fill.Side, "market", fill.Quantity, null, OrderStatus.Filled.ToText(), fill.Timestamp, DecisionId: decision)],
            Fills = [fill with { OrderId = $"o-{fill.Id}" }],
            Snapshots = [new SnapshotRecord(fill.Bot, fill.Timestamp, 10_000m + fill.Price)],
        };
    }
}
