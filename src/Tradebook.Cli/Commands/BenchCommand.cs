using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Tradebook.Cli.Bench;
using Tradebook.Core.Domain;
using Tradebook.Core.Time;
using Tradebook.Storage;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Migrations;

namespace Tradebook.Cli.Commands;

/// <summary>
/// <c>tradebook bench</c>: measures the store on a fresh temporary SQLite database against a raw
/// SQLite insert baseline taken in the same run, and prints each figure beside its target.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var fills = new Option<int>("--fills") { Description = "Fills of history for the large measurements.", DefaultValueFactory = _ => 1_000_000 };
        var batch = new Option<int>("--batch") { Description = "Fills per transaction during ingest.", DefaultValueFactory = _ => 10_000 };
        var importRows = new Option<int>("--import-rows") { Description = "Rows of the generic trades table imported: a large table, as the import target is set for (0 skips the import benchmark).", DefaultValueFactory = _ => 1_000_000 };
        var importOnly = new Option<bool>("--import-only") { Description = "Run only the import benchmark." };
        var command = new Command("bench", "Benchmark ingest, commit latency, P&L reads and import on a temporary database.") { fills, batch, importRows, importOnly };
        command.SetAction(parse => console.Guard(() =>
        {
            var rows = parse.GetValue(importRows);
            if (rows < 0 || (rows == 0 && parse.GetValue(importOnly)))
            {
                throw new TradebookException(ErrorCode.InvalidInput, "--import-rows must be positive (or 0 to skip the import benchmark without --import-only)");
            }

            var results = Run(parse.GetValue(fills), parse.GetValue(batch), rows, parse.GetValue(importOnly), console.Error);
            if (parse.GetValue(GlobalOptions.Json))
            {
                console.WriteJson(results);
            }
            else
            {
                console.Out.WriteLine("| measure | result | target | met |");
                console.Out.WriteLine("|---|---|---|---|");
                foreach (var r in results)
                {
                    console.Out.WriteLine($"| {r.Measure} | {r.Result} | {r.Target} | {(r.Met is null ? "-" : r.Met.Value ? "yes" : "no")} |");
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static List<BenchResult> Run(int historyFills, int batchSize, int importRows, bool importOnly, TextWriter log)
    {
        var folder = Directory.CreateTempSubdirectory("tradebook-bench-").FullName;
        try
        {
            // The import runs first, so that its memory figures are not inflated by the store benchmark's.
            var import = importRows > 0 ? ImportBench.Run(folder, importRows, log) : [];
            var results = importOnly ? import : Store(folder, historyFills, batchSize, log).Concat(import).ToList();
            results.Add(new("machine", $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}{Load()}", "-", null));
            results.Add(new("date", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "-", null));
            return results;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<BenchResult> Store(string folder, int historyFills, int batchSize, TextWriter log)
    {
        var results = new List<BenchResult>();
        var sample = new FillGenerator(7, "raw", 10).Take(200_000).ToList();
        log.WriteLine("bench: raw SQLite prepared-insert baselines (200,000 rows)...");
        var raw = RawInsertBaseline.RowsPerSecond(Path.Combine(folder, "raw.db"), sample, throughCommand: false);
        var rawCommand = RawInsertBaseline.RowsPerSecond(Path.Combine(folder, "raw-command.db"), sample, throughCommand: true);
        results.Add(new("raw SQLite prepared insert of the same fill records, bound by position (baseline)", $"{raw:N0} rows/s", "-", null));
        results.Add(new("the same through Microsoft.Data.Sqlite's command, bound by name", $"{rawCommand:N0} rows/s", "-", null));

        using var database = new TradebookDatabase(DatabaseTarget.Parse(Path.Combine(folder, "bench.db"), "bench", folder));
        new Migrator(database).Migrate();
        var ledger = new Ledger(database, SystemClock.Instance);
        var reader = new LedgerReader(database);
        ledger.AddBot(new BotSpec("bench", BotMode.Paper));
        ledger.AddBot(new BotSpec("single", BotMode.Paper));
        var generator = new FillGenerator(11, "bench", 10);

        ledger.Record(new LedgerBatch { Fills = generator.Take(1_000).ToList() });
        var filter = new ReportFilter("bench");
        var readSmall = Latency.Measure(10_000, () => reader.Pnl(filter, PnlGrouping.Product));
        var turnSmall = Latency.Measure(300, () => ledger.Record(Turn(generator)));

        log.WriteLine($"bench: ingesting {historyFills:N0} fills in batches of {batchSize:N0}...");
        var watch = Stopwatch.StartNew();
        var ingested = 0;
        while (ingested < historyFills - 1_300)
        {
            var count = Math.Min(batchSize, historyFills - 1_300 - ingested);
            ledger.Record(new LedgerBatch { Fills = generator.Take(count).ToList() });
            ingested += count;
        }

        var ingestRate = ingested / watch.Elapsed.TotalSeconds;
        results.Add(new("batched fill ingest, positions and rollups included", $"{ingestRate:N0} fills/s ({100 * ingestRate / raw:0}% of baseline, {100 * ingestRate / rawCommand:0}% of the command's rate)", ">= 50% of baseline", ingestRate >= raw / 2));

        var single = new FillGenerator(13, "single", 3);
        var commit = Latency.Measure(1_000, () => ledger.Record(new LedgerBatch { Fills = [single.Next()] }));
        results.Add(new("durable single-fill commit (synchronous=FULL)", $"p50 {commit.P50:0.000} ms, p99 {commit.P99:0.000} ms", "p99 <= 2 ms", commit.P99 <= 2));

        var readLarge = Latency.Measure(10_000, () => reader.Pnl(filter, PnlGrouping.Product));
        results.Add(new("bot P&L read at 1,000 fills", $"p50 {readSmall.P50:0.000} ms, p99 {readSmall.P99:0.000} ms", "-", null));
        results.Add(new($"bot P&L read at {historyFills:N0} fills", $"p50 {readLarge.P50:0.000} ms, p99 {readLarge.P99:0.000} ms", "p99 <= 1 ms, within 20% of 1k figure", readLarge.P99 <= 1 && readLarge.P99 <= readSmall.P99 * 1.2));

        var turnLarge = Latency.Measure(300, () => ledger.Record(Turn(generator)));
        results.Add(new("bot turn (decision + order + fill + snapshot) at 1,000 fills", $"p50 {turnSmall.P50:0.000} ms, p99 {turnSmall.P99:0.000} ms", "-", null));
        results.Add(new($"bot turn at {historyFills:N0} fills", $"p50 {turnLarge.P50:0.000} ms, p99 {turnLarge.P99:0.000} ms", "same as at 1k (p50 within 20%)", turnLarge.P50 <= turnSmall.P50 * 1.2));
        return results;
    }

    /// <summary>Other work on the machine inflates every figure: the load average is reported beside them.</summary>
    private static string Load() =>
        File.Exists("/proc/loadavg") && File.ReadAllText("/proc/loadavg").Split(' ') is [var one, var five, ..]
            ? $", load average {one} {five} at the end"
            : "";

    private static LedgerBatch Turn(FillGenerator generator)
    {
        var fill = generator.Next();
        var decision = $"d-{fill.Id}";
        return new LedgerBatch
        {
            Decisions = [new DecisionRecord(fill.Bot, decision, fill.Timestamp, "{\"rsi\": 31}", $"{{\"action\": \"{fill.Side.ToText()}\"}}")],
            Orders = [new OrderRecord(fill.Bot, $"o-{fill.Id}", fill.Symbol, fill.Side, "market", fill.Quantity, null, "filled", fill.Timestamp, DecisionId: decision)],
            Fills = [fill with { OrderId = $"o-{fill.Id}" }],
            Snapshots = [new SnapshotRecord(fill.Bot, fill.Timestamp, 10_000m + fill.Price)],
        };
    }
}
