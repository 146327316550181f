using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tradebook.Cli.Output;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Import;
using Tradebook.Import.Consolidation;
using Tradebook.Import.Planning;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.GenericTrades;
using Tradebook.Import.Writing;
using Tradebook.Storage.Imports;
using Tradebook.Storage.Backups;

namespace Tradebook.Cli.Commands;

/// <summary>
/// <c>tradebook import SOURCE...</c>: reads legacy bot data and writes it into the database, one
/// transaction per source, after a verified backup. Copies of one format are consolidated first.
/// <c>--dry-run</c> reads and reports without opening the database; <c>--rollback BATCH</c> undoes an import.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CliConsole console)
    {
        var sources = new Argument<string[]>("source") { Description = "Files or folders to import.", Arity = ArgumentArity.ZeroOrMore };
        var format = new Option<string?>("--format") { Description = "Force the source format instead of detecting it." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read and report what would be imported; write nothing." };
        var verifyOnly = new Option<bool>("--verify-only") { Description = "Check that the database already holds the sources' fills; write nothing." };
        var mode = new Option<string?>("--mode") { Description = "Mode of the bots created: live, paper, backtest or test (default: from the source)." };
        var bot = new Option<string?>("--bot") { Description = "Name (or prefix) of the bots created, instead of the name derived from the source." };
        var mapping = new Option<string?>("--mapping") { Description = "Column mapping file for generic trade tables." };
        var prefer = new Option<string?>("--prefer") { Description = "When copies disagree, this source's values win (default: the most recent)." };
        var rollback = new Option<long?>("--rollback") { Description = "Undo import batch BATCH and rebuild the positions it touched." };
        var list = new Option<bool>("--list") { Description = "List the import batches in the database, newest first." };
        var noBackup = new Option<bool>("--no-backup") { Description = "Skip the backup taken before writing." };
        var testMaxQuantity = new Option<decimal?>("--test-max-quantity") { Description = "Rows with a quantity above this are test data (routed to a test-mode bot)." };
        var testMaxPrice = new Option<decimal?>("--test-max-price") { Description = "Rows with a price above this are test data (routed to a test-mode bot)." };
        var into = new Option<string?>("--into") { Description = "The database to import into (a SQLite path or PostgreSQL connection string); the same as --db for this command." };
        var command = new Command("import", "Import legacy bot data (freqtrade, hummingbot, arena, JSON files, SQLite trade tables).")
        {
            sources, format, dryRun, verifyOnly, mode, bot, mapping, prefer, rollback, list, noBackup, into, testMaxQuantity, testMaxPrice,
        };
        command.SetAction(parse => console.Guard(() =>
        {
            if (parse.GetValue(list))
            {
                return List(parse, console, into);
            }

            if (parse.GetValue(rollback) is { } batch)
            {
                return Rollback(parse, console, Target(parse, into), batch, parse.GetValue(noBackup));
            }

            // Detection asks each reader about each source: one private copy of a WAL-mode source serves them all.
            using var sharing = SqliteSourceCopy.Sharing();
            var paths = parse.GetValue(sources) ?? [];
            if (paths.Length == 0)
            {
                throw new TradebookException(ErrorCode.InvalidInput, "name at least one source to import (or --rollback BATCH)");
            }

            var options = new ImportOptions(
                parse.GetValue(mode) is { } m ? EnumText.Parse<BotMode>(m) : null,
                parse.GetValue(mapping),
                TestRules(parse.GetValue(testMaxQuantity), parse.GetValue(testMaxPrice)),
                parse.GetValue(bot));
            CheckMapping(options.MappingFile);
            var detector = new SourceDetector(options.MappingFile);
            var plan = ImportPlanner.Plan(paths, detector, parse.GetValue(format));
            if (plan.Sources is [{ Reader: IStreamingSourceReader streaming } single] && !parse.GetValue(dryRun) && !parse.GetValue(verifyOnly))
            {
                return ImportStreaming(parse, console, plan.WithGroups([[single.Path]]), single.Path, streaming, options, into, noBackup);
            }

            var sets = Read(console, plan, options, parse.GetValue(prefer), out var consolidations, out plan);
            if (parse.GetValue(dryRun))
            {
                // No database is opened: a dry run cannot change it.
                var json = parse.GetValue(GlobalOptions.Json);
                var previews = sets.Select(ImportWriter.Preview).ToList();
                if (json)
                {
                    console.WriteJson(new { dry_run = true, plan = plan.Folders, consolidations, imports = previews });
                }
                else
                {
                    ImportReportText.Plan(console, plan);
                    ImportReportText.Consolidations(console, consolidations);
                    foreach (var preview in previews)
                    {
                        ImportReportText.Report(console, preview, "would import");
                    }
                }

                return previews.All(p => p.Complete) ? ExitCodes.Ok : ExitCodes.Failed;
            }

            using var context = CliContext.From(parse, console, Target(parse, into), create: !parse.GetValue(verifyOnly));
            _ = parse.GetValue(verifyOnly) ? context.RequireCurrentSchema() : context.CreateSchemaIfEmpty();
            if (parse.GetValue(verifyOnly))
            {
                // Batch id 0 is never assigned: every stored fill counts as already there.
                var checks = sets.Select(s => new { source = s.Source.Path, verification = new ImportVerifier(context.Database).Verify(0, s) }).ToList();
                if (context.Json)
                {
                    console.WriteJson(checks);
                }
                else
                {
                    foreach (var check in checks)
                    {
                        ImportReportText.Verification(console, check.source, check.verification);
                    }
                }

                return checks.All(c => c.verification.Ok) ? ExitCodes.Ok : ExitCodes.Failed;
            }

            var backup = TakeBackup(console, context, parse.GetValue(noBackup));
            var writer = new ImportWriter(context.Database, context.Clock);
            var reports = ImportProgress.Run(console, sets.Select(s => new ProgressStep<ImportReport>(
                $"writing {s.Fills.Count:N0} fills of {s.Source.Path}",
                s.Fills.Count,
                done => writer.Write(s, fills => done(fills)))).ToList());
            return Reported(console, context, backup, plan, consolidations, reports);
        }));
        return command;
    }

    /// <summary>One source whose reader streams: its fills are written while it is read, in one transaction.</summary>
    private static int ImportStreaming(ParseResult parse, CliConsole console, ImportPlan plan, string path, IStreamingSourceReader reader, ImportOptions options, Option<string?> into, Option<bool> noBackup)
    {
        using var context = CliContext.From(parse, console, Target(parse, into), create: true);
        context.CreateSchemaIfEmpty();
        var backup = TakeBackup(console, context, parse.GetValue(noBackup));
        var writer = new ImportWriter(context.Database, context.Clock);
        var reports = ImportProgress.Run(console, [new ProgressStep<ImportReport>(
            $"importing {path} ({reader.Format}): fills written",
            null,
            done => writer.Write(path, reader.Format, stream => ReadGuarded(path, reader, () => WithImpliedOrders(reader.Read(path, options, stream))), fills => done(fills)))]);
        return Reported(console, context, backup, plan, [], reports);
    }

    private static BackupResult? TakeBackup(CliConsole console, CliContext context, bool skip)
    {
        var backup = skip ? null : BackupService.Backup(context.Database);
        if (backup is not null)
        {
            console.Error.WriteLine($"backup: {backup.Path}");
        }

        return backup;
    }

    /// <summary>
    /// Prints what the imports did; exits 1 when any verification failed or any source lacked tables it must have:
    /// what it held is imported, but a script must not take the import for the bot's whole history.
    /// </summary>
    private static int Reported(CliConsole console, CliContext context, BackupResult? backup, ImportPlan plan, List<ConsolidationReport> consolidations, List<ImportReport> reports)
    {
        if (context.Json)
        {
            console.WriteJson(new { backup = backup?.Path, plan = plan.Folders, consolidations, imports = reports });
        }
        else
        {
            ImportReportText.Plan(console, plan);
            ImportReportText.Consolidations(console, consolidations);
            foreach (var report in reports)
            {
                ImportReportText.Report(console, report, $"imported as batch {report.BatchId}");
                ImportReportText.Verification(console, report.Source, report.Verification!);
            }
        }

        return reports.All(r => r.Verification!.Ok && r.Complete) ? ExitCodes.Ok : ExitCodes.Failed;
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

    private static int Rollback(ParseResult parse, CliConsole console, string? database, long batch, bool noBackup)
    {
        using var context = CliContext.From(parse, console, database).RequireCurrentSchema();
        if (!noBackup)
        {
            console.Error.WriteLine($"backup: {BackupService.Backup(context.Database).Path}");
        }

        var result = new ImportWriter(context.Database, context.Clock).Rollback(batch);
        if (context.Json)
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

    /// <summary>
    /// Reads every source and consolidates the copies of one database into one set (see <see cref="CopyGroups"/>);
    /// <paramref name="grouped"/> is the plan with each project folder's databases marked as consolidated or imported alone.
    /// </summary>
    private static List<ImportSet> Read(CliConsole console, ImportPlan plan, ImportOptions options, string? prefer, out List<ConsolidationReport> consolidations, out ImportPlan grouped)
    {
        var read = ImportProgress.Run(console, plan.Sources.Select(s => ($"reading {s.Path} ({s.Reader.Format})", (Func<(ConsolidationSource, PlannedSource)>)(() => (ReadOne(s.Path, s.Reader, options), s)))).ToList());

        consolidations = [];
        var sets = new List<ImportSet>();
        var groups = CopyGroups.Of(read);
        grouped = plan.WithGroups(groups.Select(g => (IReadOnlyList<string>)g.Select(c => c.Plan.Path).ToList()).ToList());
        foreach (var copies in groups.Select(g => g.Select(c => c.Source).ToList()))
        {
            if (copies.Count == 1)
            {
                sets.Add(copies[0].Set);
                continue;
            }

            try
            {
                var result = Consolidator.Consolidate(copies, new ConsolidationOptions(prefer));
                consolidations.Add(result.Report);
                sets.Add(result.Set);
            }
            catch (ArgumentException e)
            {
                throw new TradebookException(ErrorCode.InvalidInput, e.Message, e);
            }
        }

        return sets.Select(WithImpliedOrders).ToList();
    }

    /// <summary>Orders are made for fills that name orders the source does not hold, once its fills are final.</summary>
    private static ImportSet WithImpliedOrders(ImportSet set)
    {
        ImpliedOrders.AddMissing(set);
        return set;
    }

    // The generic reader also knows what consolidation needs: fee columns and bot references.
    private static ConsolidationSource ReadOne(string path, ISourceReader reader, ImportOptions options) =>
        ReadGuarded(path, reader, () => reader is GenericTradesReader generic ? generic.ReadSource(path, options) : ConsolidationSource.Of(reader.Read(path, options)));

    /// <summary>
    /// Reads the mapping file once before any source: detection reads it too, outside any reader's guard,
    /// and a mapping the user got wrong is bad input (exit 2), not a crash.
    /// </summary>
    private static void CheckMapping(string? mappingFile)
    {
        if (mappingFile is null)
        {
            return;
        }

        if (!File.Exists(mappingFile))
        {
            throw new TradebookException(ErrorCode.NotFound, $"mapping file not found: {Path.GetFullPath(mappingFile)}");
        }

        try
        {
            TradeMapping.Load(mappingFile);
        }
        catch (InvalidDataException e)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"{e.Message} Nothing was imported.", e);
        }
    }

    /// <summary>Runs a read of <paramref name="path"/>, turning a source that cannot be read into an error naming it.</summary>
    private static T ReadGuarded<T>(string path, ISourceReader reader, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (SqliteDamage.IsDamage(e) && File.Exists(path))
        {
            throw SqliteDamage.Refusal(path, e);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or Microsoft.Data.Sqlite.SqliteException or System.Text.Json.JsonException)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"{path} ({reader.Format}): {e.Message}", e);
        }
    }
}
