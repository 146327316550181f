using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Tradebook.Cli.Bench;
using Tradebook.Core;
using Tradebook.Core.Domain;
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
        var importReference = new Option<int>("--import-reference-rows") { Description = "Rows of a reference import run first when --import-rows is larger: the rows/s at --import-rows must be no worse than at this size.", DefaultValueFactory = _ => ImportBench.ReferenceRows };
        var freqtradeTrades = new Option<int?>("--import-freqtrade-trades") { Description = "Trades (each with its orders) of the freqtrade database imported beside the trades table (default: half of --import-rows, so as many fills; 0 skips it)." };
        var importOnly = new Option<bool>("--import-only") { Description = "Run only the import benchmark." };
        var lateFills = new Option<int>("--late-fills") { Description = "Fills of the one product that late batches land in (0 skips the late-batch benchmark).", DefaultValueFactory = _ => 800_000 };
        var command = new Command("bench", "Benchmark ingest, commit latency, P&L reads, late batches and import on a temporary database.") { fills, batch, importRows, importReference, freqtradeTrades, importOnly, lateFills, CreateApi(console) };
        command.SetAction(parse => console.Guard(() =>
        {
            var rows = parse.GetValue(importRows);
            if (rows < 0 || (rows == 0 && parse.GetValue(importOnly)))
            {
                throw new TradebookException(ErrorCode.InvalidInput, "--import-rows must be positive (or 0 to skip the import benchmark without --import-only)");
            }

            if (parse.GetValue(importReference) < 1)
            {
                throw new TradebookException(ErrorCode.InvalidInput, "--import-reference-rows must be positive");
            }

            var late = parse.GetValue(lateFills);
            if (late is < 0 or (> 0 and < 200))
            {
                throw new TradebookException(ErrorCode.InvalidInput, "--late-fills must be at least 200 (or 0 to skip the late-batch benchmark)");
            }

            var freqtrade = parse.GetValue(freqtradeTrades) ?? (rows / 2);
            if (freqtrade < 0)
            {
                throw new TradebookException(ErrorCode.InvalidInput, "--import-freqtrade-trades must be positive (or 0 to skip the freqtrade import)");
            }

            var parameters = new BenchParameters(parse.GetValue(fills), parse.GetValue(batch), rows, parse.GetValue(importOnly), parse.GetValue(importReference), late, freqtrade);
            Print(console, parse, Run(parameters, console.Error));
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary><c>tradebook bench api</c>: the HTTP write path under concurrent clients.</summary>
    private static Command CreateApi(CliConsole console)
    {
        var clients = new Option<int>("--clients") { Description = "Concurrent HTTP clients, each posting one fill per request.", DefaultValueFactory = _ => 32 };
        var bots = new Option<int>("--bots") { Description = "Bots the clients write for.", DefaultValueFactory = _ => 4 };
        var seconds = new Option<int>("--seconds") { Description = "Seconds each load is measured.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds each load runs before it is measured.", DefaultValueFactory = _ => 5 };
        var command = new Command("api", "Benchmark the server: concurrent clients with group commit against one commit per request, on a temporary database.") { clients, bots, seconds, warmup };
        command.SetAction(parse => console.Guard(() =>
        {
            var parameters = new ApiBenchParameters(parse.GetValue(clients), parse.GetValue(bots), parse.GetValue(seconds), parse.GetValue(warmup));
            if (parameters.Clients < 1 || parameters.Bots < 1 || parameters.Seconds < 1 || parameters.Warmup < 0)
            {
                throw new TradebookException(ErrorCode.InvalidInput, "--clients, --bots and --seconds must be at least 1, --warmup at least 0");
            }

            var loadBefore = BenchMachine.LoadAverage();
            var results = ApiBench.Run(parameters, console.Error);
            var machine = new BenchMachine(Environment.ProcessorCount, BenchMachine.CpuModel(), Environment.OSVersion.ToString(), Environment.Version.ToString(), loadBefore, BenchMachine.LoadAverage());
            Print(console, parse, new BenchReport(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), machine, Versions.Current, parameters, results));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Print(CliConsole console, ParseResult parse, BenchReport report)
    {
        if (parse.GetValue(GlobalOptions.Json))
        {
            console.WriteJson(report);
            return;
        }

        console.Out.WriteLine("| measure | result | target | met |");
        console.Out.WriteLine("|---|---|---|---|");
        foreach (var (measure, result, target, met) in report.TableRows())
        {
            console.Out.WriteLine($"| {measure} | {result} | {target} | {met} |");
        }
    }

    private static BenchReport Run(BenchParameters parameters, TextWriter log)
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
            var results = parameters.ImportOnly ? import : Store(folder, parameters.Fills, parameters.Batch, log).Concat(late).Concat(import).ToList();
            var machine = new BenchMachine(
                Environment.ProcessorCount, BenchMachine.CpuModel(), Environment.OSVersion.ToString(), Environment.Version.ToString(), loadBefore, BenchMachine.LoadAverage());
            return new BenchReport(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), machine, Versions.Current, parameters, results);
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
        var rawRate = RawInsertBaseline.RowsPerSecond(Path.Combine(folder, "raw.db"), sample, throughCommand: false);
        var commandRate = RawInsertBaseline.RowsPerSecond(Path.Combine(folder, "raw-command.db"), sample, throughCommand: true);
        var raw = BenchResult.Rate("raw SQLite prepared insert of the same fill records, bound by position (baseline)", $"{rawRate:N0} rows/s", rawRate, "rows/s");
        var rawCommand = BenchResult.Rate("the same through Microsoft.Data.Sqlite's command, bound by name", $"{commandRate:N0} rows/s", commandRate, "rows/s", raw.AsBaseline());
        var rawCommit = BenchResult.Timing(
            "raw SQLite durable single-row commit of the same records (baseline)",
            RawInsertBaseline.CommitLatency(Path.Combine(folder, "raw-commit.db"), sample.Take(1_000).ToList()),
            l => l.P99);
        results.AddRange([raw, rawCommand, rawCommit]);

        using var database = new TradebookDatabase(DatabaseTarget.Parse(Path.Combine(folder, "bench.db"), "bench", folder));
        new Migrator(database).Migrate();
        var ledger = new LedgerWriter(database, TimeProvider.System);
        var reader = new LedgerReader(database);
        ledger.AddBot(new BotSpec("bench", BotMode.Paper));
        ledger.AddBot(new BotSpec("single", BotMode.Paper));
        var generator = new FillGenerator(11, "bench", 10);

        ledger.Record(new LedgerBatch { Fills = generator.Take(1_000).ToList() });
        var filter = new ReportFilter("bench");
        var readSmall = Latency.Measure(10_000, () => reader.Pnl(filter, PnlGrouping.Product));
        var turnSmall = Latency.Measure(300, () => ledger.Record(Turn(generator)));

        log.WriteLine($"bench: ingesting {historyFills:N0} fills in batches of {batchSize:N0}...");
        // Only the recording is timed, as the baseline times only its inserts of records made beforehand.
        var watch = new Stopwatch();
        var ingested = 0;
        while (ingested < historyFills - 1_300)
        {
            var count = Math.Min(batchSize, historyFills - 1_300 - ingested);
            var batch = new LedgerBatch { Fills = generator.Take(count).ToList() };
            watch.Start();
            ledger.Record(batch);
            watch.Stop();
            ingested += count;
        }

        var ingestRate = ingested / watch.Elapsed.TotalSeconds;
        var ingest = BenchResult.Rate(
            "batched fill ingest, positions and rollups included",
            $"{ingestRate:N0} fills/s ({100 * ingestRate / rawRate:0}% of baseline, {100 * ingestRate / commandRate:0}% of the command's rate)",
            ingestRate,
            "fills/s",
            raw.AsBaseline());
        results.Add(ingest.WithTarget(">= 0.5x baseline", ingest.AtLeast("ratio", 0.5)));

        var single = new FillGenerator(13, "single", 3);
        var commit = BenchResult.Timing(
            "durable single-fill commit (synchronous=FULL)",
            Latency.Measure(1_000, () => ledger.Record(new LedgerBatch { Fills = [single.Next()] })),
            l => l.P99,
            rawCommit.AsBaseline());
        results.Add(commit.WithTarget("p99 <= 2 ms", commit.AtMost("p99_ms", 2)));

        var readLarge = Latency.Measure(10_000, () => reader.Pnl(filter, PnlGrouping.Product));
        var pnlSmall = BenchResult.Timing("bot P&L read at 1,000 fills", readSmall, l => l.P99);
        var pnlLarge = BenchResult.Timing($"bot P&L read at {historyFills:N0} fills", readLarge, l => l.P99, pnlSmall.AsBaseline());
        results.Add(pnlSmall);
        results.Add(pnlLarge.WithTarget("p99 <= 1 ms, within 20% of 1k figure", pnlLarge.AtMost("p99_ms", 1), pnlLarge.AtMost("ratio", 1.2)));

        var turnLarge = Latency.Measure(300, () => ledger.Record(Turn(generator)));
        var botTurnSmall = BenchResult.Timing("bot turn (decision + order + fill + snapshot) at 1,000 fills", turnSmall, l => l.P50);
        var botTurnLarge = BenchResult.Timing($"bot turn at {historyFills:N0} fills", turnLarge, l => l.P50, botTurnSmall.AsBaseline());
        results.Add(botTurnSmall);
        results.Add(botTurnLarge.WithTarget("same as at 1k (p50 within 20%)", botTurnLarge.AtMost("ratio", 1.2)));
        return results;
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
