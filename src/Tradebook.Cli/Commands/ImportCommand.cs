using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tradebook.Cli.Output;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Import;
using Tradebook.Import.Sources;
using Tradebook.Import.Workflow;
using Tradebook.Storage.Imports;

namespace Tradebook.Cli.Commands;

/// <summary>
/// <c>tradebook import SOURCE...</c>: reads legacy bot data and writes it into the database, one
/// transaction per source, after a verified backup. Copies of one format are consolidated first.
/// <c>--dry-run</c> reads and reports without opening the database; <c>--rollback BATCH</c> undoes an import.
/// The import itself is Tradebook.Import's <see cref="ImportPipeline"/>: this command parses options and prints.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CliConsole console)
    {
        var sources = new Argument<string[]>("source") { Description = "Files or folders to import.", Arity = ArgumentArity.ZeroOrMore };
        var format = new Option<string?>("--format") { Description = "Force the source format instead of detecting it." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read and report what would be imported; write nothing." };
        var verifyOnly = new Option<bool>("--verify-only") { Description = "Check that the database already holds the sources' fills; write nothing." };
        var botMode = new Option<string?>("--mode") { Description = "Mode of the bots created: live, paper, backtest or test (default: from the source)." };
        var bot = new Option<string?>("--bot") { Description = "Name (or prefix) of the bots created, instead of the name derived from the source." };
        var mapping = new Option<string?>("--mapping") { Description = "Column mapping file for generic trade tables." };
        var prefer = new Option<string?>("--prefer") { Description = "When copies disagree, this source's values win (default: the most recent)." };
        var rollback = new Option<long?>("--rollback") { Description = "Undo import batch BATCH and rebuild the positions it touched." };
        var list = new Option<bool>("--list") { Description = "List the import batches in the database, newest first." };
        var noBackup = new Option<bool>("--no-backup") { Description = "Skip the backup taken before writing." };
        var testMaxQuantity = new Option<decimal?>("--test-max-quantity") { Description = "Rows with a quantity above this are test data (routed to a test-mode bot)." };
        var testMaxPrice = new Option<decimal?>("--test-max-price") { Description = "Rows with a price above this are test data (routed to a test-mode bot)." };
        var dateOrder = new Option<string?>("--date-order")
        {
            Description = "How dates written with numbers only (02/01/2024) are read: day_first or month_first (default: the order the source's dates show).",
        };
        var backtests = new Option<bool>("--backtests") { Description = "Also import the freqtrade backtest results a folder holds, each run a bot of its own (skipped otherwise)." };
        var into = new Option<string?>("--into") { Description = "The database to import into (a SQLite path or PostgreSQL connection string); the same as --db for this command." };
        var command = new Command("import", "Import legacy bot data (freqtrade databases and backtest results, hummingbot, arena, JSON files, SQLite trade tables, CSV files of trades).")
        {
            sources, format, dryRun, verifyOnly, botMode, bot, mapping, prefer, rollback, list, noBackup, into, testMaxQuantity, testMaxPrice, dateOrder, backtests,
        };
        command.SetAction(parse => console.Guard(() =>
        {
            if (parse.GetValue(list))
            {
                return List(parse, console, into);
            }

            var mode = parse.GetValue(dryRun) ? ImportMode.DryRun : parse.GetValue(verifyOnly) ? ImportMode.VerifyOnly : ImportMode.Write;
            var options = new ImportOptions(
                parse.GetValue(botMode) is { } m ? BotsCommand.Parse<BotMode>(m, "--mode") : null,
                parse.GetValue(mapping),
                TestRules(parse.GetValue(testMaxQuantity), parse.GetValue(testMaxPrice)),
                parse.GetValue(bot),
                parse.GetValue(dateOrder) is { } order ? BotsCommand.Parse<DateOrder>(order, "--date-order") : null,
                parse.GetValue(backtests));
            CliContext? context = null;
            try
            {
                // The database is resolved (and said on stderr) only when the import first needs it: never for a dry run.
                var pipeline = new ImportPipeline(
                    access =>
                    {
                        context = CliContext.From(parse, console, Target(parse, into), create: access == TargetAccess.CreateIfEmpty);
                        return (access == TargetAccess.CreateIfEmpty ? context.CreateSchemaIfEmpty() : context.RequireCurrentSchema()).Database;
                    },
                    TimeProvider.System,
                    new ImportProgress(console));
                if (parse.GetValue(rollback) is { } batch)
                {
                    return RolledBack(console, parse.GetValue(GlobalOptions.Json), pipeline.Rollback(batch, backup: !parse.GetValue(noBackup)));
                }

                var run = pipeline.Run(new ImportRequest(parse.GetValue(sources) ?? [], options, mode, parse.GetValue(format), parse.GetValue(prefer), Backup: !parse.GetValue(noBackup)));
                Print(console, parse.GetValue(GlobalOptions.Json), run);
                return run.Outcome == ImportOutcome.Complete ? ExitCodes.Ok : ExitCodes.Failed;
            }
            finally
            {
                context?.Dispose();
            }
        }));
        return command;
    }

    /// <summary>
    /// Prints what the import did. Any outcome but complete exits 1: a failed verification, or a source that lacked
    /// tables it must have (what it held is imported, but a script must not take the import for the bot's whole history).
    /// </summary>
    private static void Print(CliConsole console, bool json, ImportRun run)
    {
        switch (run.Mode)
        {
            case ImportMode.DryRun when json:
                console.WriteJson(new { dry_run = true, plan = run.Plan.Folders, consolidations = run.Consolidations, imports = run.Imports });
                break;
            case ImportMode.VerifyOnly when json:
                console.WriteJson(run.Verifications.Select(v => new { source = v.Source, verification = v.Verification }));
                break;
            case ImportMode.Write when json:
                console.WriteJson(new { backup = run.Backup, plan = run.Plan.Folders, consolidations = run.Consolidations, imports = run.Imports });
                break;
            case ImportMode.VerifyOnly:
                foreach (var check in run.Verifications)
                {
                    ImportReportText.Verification(console, check.Source, check.Verification);
                }

                break;
            default:
                ImportReportText.Plan(console, run.Plan);
                ImportReportText.Consolidations(console, run.Consolidations);
                foreach (var report in run.Imports)
                {
                    ImportReportText.Report(console, report, run.Mode == ImportMode.DryRun ? "would import" : $"imported as batch {report.BatchId}");
                    if (report.Verification is { } verification)
                    {
                        ImportReportText.Verification(console, report.Source, verification);
                    }
                }

                break;
        }
    }

    /// <summary>
    /// Symbols starting with TEST and rows of no quantity are test data for every source. Quantity and price
    /// ceilings are one owner's convention, not a rule of trading (a meme coin trades millions of units), so
    /// they apply only when given.
    /// </summary>
    private static TestDataRules TestRules(decimal? maxQuantity, decimal? maxPrice) =>
        TestDataRules.Default with { MaxQuantity = maxQuantity, MaxPrice = maxPrice };

    /// <summary><c>--into</c> and <c>--db</c> name the same thing; both at once must agree, so a typo never splits an import.</summary>
    private static string? Target(ParseResult parse, Option<string?> into)
    {
        var db = parse.GetValue(GlobalOptions.Database);
        var target = parse.GetValue(into);
        if (target is not null && db is not null && !string.Equals(db, target, StringComparison.Ordinal))
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"--into {target} and --db {db} name different databases; give one of them");
        }

        return target ?? db;
    }

    private static int List(ParseResult parse, CliConsole console, Option<string?> into)
    {
        using var context = CliContext.From(parse, console, Target(parse, into)).RequireCurrentSchema();
        var batches = ImportBatches.List(context.Database);
        if (context.Json)
        {
            console.WriteJson(batches);
            return ExitCodes.Ok;
        }

        var table = new Table().AddColumns("batch", "source", "format", "started", "status", "verified", "inserted", "reconciliation", "source problems");
        foreach (var b in batches)
        {
            table.AddRow(
                b.Id.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(b.Source),
                Markup.Escape(b.Format),
                b.StartedAt.ToString("u", CultureInfo.InvariantCulture),
                b.Status,
                b.Verified switch { true => "yes", false => "NO", null => "-" },
                Markup.Escape(string.Join(", ", b.Inserted.Select(k => $"{k.Value} {k.Key}"))),
                Markup.Escape(b.Reconciliation is { } r
                    ? string.Create(CultureInfo.InvariantCulture, $"{r.Trades} trades: stored {DecimalText.Plain(r.Stored)}, computed {DecimalText.Plain(r.Computed)}, difference {DecimalText.Plain(r.Difference)} ({r.Differing} differ, unexplained {DecimalText.Plain(r.Unexplained)})")
                    : "-"),
                Markup.Escape(b.Problems is { } p ? $"{p.Rows} rows; P&L not reliable for {string.Join(", ", p.Products)}" : "-"));
        }

        console.Ansi.Write(table);
        if (batches.Count == 0)
        {
            console.Out.WriteLine("No imports yet.");
        }

        return ExitCodes.Ok;
    }

    private static int RolledBack(CliConsole console, bool json, RollbackRun run)
    {
        var result = run.Report;
        if (json)
        {
            console.WriteJson(result);
        }
        else
        {
            var deleted = result.Deleted.Count == 0 ? "no rows" : string.Join(", ", result.Deleted.Select(d => $"{d.Value} {d.Key}"));
            var restored = result.SettingsRestored == 0 ? string.Empty : $"; restored {result.SettingsRestored} settings to their values before the import";
            console.Out.WriteLine($"Rolled back import batch {result.BatchId} ({result.Source}): deleted {deleted}{restored}; rebuilt {result.ProductsRebuilt} positions/rollups.");
        }

        return ExitCodes.Ok;
    }
}
