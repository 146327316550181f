using System.CommandLine;
using Tradebook.Bench;
using Tradebook.Core;

namespace Tradebook.Cli.Commands;

/// <summary>
/// <c>tradebook bench</c>: parses the options of the benchmarks (Tradebook.Bench) and prints each figure
/// beside its target, as a table or as JSON.
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
            // The figures at --fills are compared with those of a second store of 1,000 fills: a smaller
            // history has nothing to compare.
            if (parse.GetValue(fills) < 2_000)
            {
                throw new TradebookException(ErrorCode.InvalidInput, "--fills must be at least 2,000");
            }

            if (parse.GetValue(batch) < 1)
            {
                throw new TradebookException(ErrorCode.InvalidInput, "--batch must be at least 1");
            }

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
            Print(console, parse, BenchRun.Store(parameters, console.Error));
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
        var warmup = new Option<int>("--warmup") { Description = "Seconds each load runs before it is measured in the first round (at most 1 s in the others).", DefaultValueFactory = _ => 5 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of the two loads, run alternately; each load is judged by its median round.", DefaultValueFactory = _ => 3 };
        var command = new Command("api", "Benchmark the server: concurrent clients with group commit against one commit per request, on a temporary database.") { clients, bots, seconds, warmup, rounds };
        command.SetAction(parse => console.Guard(() =>
        {
            var parameters = new ApiBenchParameters(parse.GetValue(clients), parse.GetValue(bots), parse.GetValue(seconds), parse.GetValue(warmup), parse.GetValue(rounds));
            if (parameters.Clients < 1 || parameters.Bots < 1 || parameters.Seconds < 1 || parameters.Warmup < 0 || parameters.Rounds < 1)
            {
                throw new TradebookException(ErrorCode.InvalidInput, "--clients, --bots, --seconds and --rounds must be at least 1, --warmup at least 0");
            }

            Print(console, parse, BenchRun.Api(parameters, console.Error));
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
}
