using System.CommandLine;
using Tradebook.Cli.Output;
using Tradebook.Import.Doctor;
using Tradebook.Storage;
using Tradebook.Storage.Backups;
using Tradebook.Storage.Health;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Schema;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Cli.Commands;

/// <summary>
/// <c>tradebook doctor</c>: with no path, checks the Tradebook database (how it was found, integrity,
/// foreign keys, migrations, drift, sizes); with paths, scans a project's folders for legacy databases,
/// split brains and risky configuration, without modifying anything.
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("path") { Description = "Folders or files to scan (default: check the Tradebook database).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("doctor", "Check the Tradebook database, or scan folders of legacy bot data.") { paths };
        command.SetAction(parse => console.Guard(() =>
        {
            var targets = parse.GetValue(paths) ?? [];
            return targets.Length > 0 ? Scan(parse, console, targets) : CheckDatabase(parse, console);
        }));
        return command;
    }

    private static int Scan(ParseResult parse, CliConsole console, string[] targets)
    {
        var report = DoctorScanner.Scan(targets, TimeProvider.System);
        if (parse.GetValue(GlobalOptions.Json))
        {
            console.Out.WriteLine(report.ToJson());
        }
        else
        {
            foreach (var line in DoctorReportText.Render(report, RemedyText.Command))
            {
                console.Out.WriteLine(line);
            }
        }

        if (!report.HasErrors)
        {
            return ExitCodes.Ok;
        }

        console.Error.WriteLine("error: doctor found problems in what it scanned; the report above names each with its remedy");
        return ExitCodes.Failed;
    }

    private static int CheckDatabase(ParseResult parse, CliConsole console)
    {
        using var context = CliContext.From(parse, console);
        var checks = new List<Check> { new("database", CheckStatus.Ok, $"{context.Target.Display} ({context.Target.Engine.ToString().ToLowerInvariant()}), chosen by {context.Target.Rule}") };
        if (context.Target.FilePath is { } file && !File.Exists(file))
        {
            checks.Add(new Check("file", CheckStatus.Error, "the database file does not exist; run `tradebook init`"));
            return Print(context, checks);
        }

        var versions = Versions.Current;
        var header = context.Target.FilePath is { } path ? SqliteFileHeader.Read(path) : null;
        if (DatabaseHealth.ExamineSqlite(context.Database) is { } sqlite)
        {
            checks.Add(new Check("engine", CheckStatus.Ok, $"SQLite {versions.Sqlite} (bundled with Tradebook {versions.Tradebook}); the file was last written by SQLite {header?.WrittenBy ?? "(not recorded)"}"));
            if (!SqliteChecks(context, sqlite, checks))
            {
                // A damaged file cannot be trusted to answer the checks that read the ledger.
                return Print(context, checks, null, header?.WrittenBy);
            }
        }
        else
        {
            checks.Add(new Check("engine", CheckStatus.Ok, $"{DatabaseHealth.EngineVersion(context.Database)} (Tradebook {versions.Tradebook})"));
            checks.Add(new Check("size", CheckStatus.Ok, $"database {DatabaseHealth.SizeBytes(context.Database):N0} bytes"));
        }

        var status = context.Migrator.Status();
        checks.Add(new Check("migrations", status.Problems.Count > 0 ? CheckStatus.Error : status.IsCurrent ? CheckStatus.Ok : CheckStatus.Warning, status.Problems.Count > 0 ? string.Join("; ", status.Problems) : $"schema version {status.CurrentVersion} of {status.LatestVersion}{(status.IsCurrent ? string.Empty : "; run `tradebook migrate`")}"));
        if (status.CurrentVersion > 0 && status.Problems.Count == 0)
        {
            var drift = DriftCheck.Run(context.Database, context.Migrator);
            checks.Add(new Check("drift", drift.Count == 0 ? CheckStatus.Ok : CheckStatus.Error, drift.Count == 0 ? "the schema is exactly what the migrations produce" : string.Join("; ", drift)));
            if (drift.Count == 0 && status.IsCurrent)
            {
                checks.Add(Derived(LedgerAudit.Verify(context.Database, context.Clock)));
            }
        }

        return Print(context, checks, status.CurrentVersion, header?.WrittenBy);
    }

    /// <summary>Integrity, foreign keys and size; false when the file is damaged, with what is damaged and what to do.</summary>
    private static bool SqliteChecks(CliContext context, SqliteExamination sqlite, List<Check> checks)
    {
        if (sqlite.Condition is not { Whole: true } condition)
        {
            var what = sqlite.Unreadable is { } reason
                ? $"SQLite cannot read it: {reason}"
                : $"{string.Join("; ", sqlite.Condition!.IntegrityProblems.Take(5))}{(sqlite.Condition.IntegrityProblems.Count > 5 ? $" (and {sqlite.Condition.IntegrityProblems.Count - 5} more)" : string.Empty)}";
            var where = sqlite.DamagedObjects.Count > 0 ? $"; the damage is in {string.Join(", ", sqlite.DamagedObjects)}" : string.Empty;
            checks.Add(new Check("integrity", CheckStatus.Error, $"the database is damaged: {what}{where}"));
            checks.Add(Restore(context));
            return false;
        }

        checks.Add(new Check("integrity", CheckStatus.Ok, "ok"));
        if (condition.ForeignKeyViolations > 0)
        {
            // Rows that name a bot, product or position the file does not have: written with the engine's
            // checks off, or a file paired with another one's WAL (copied or moved over while open). A replay
            // of them cannot be trusted, so the checks that read the ledger are not run.
            checks.Add(new Check("foreign_keys", CheckStatus.Error, $"the database is damaged: {condition.ForeignKeyViolations} rows name a row that does not exist ({string.Join(", ", condition.ForeignKeyTables.Take(5))}); it was changed outside Tradebook, or replaced while a program had it open"));
            checks.Add(Restore(context));
            return false;
        }

        checks.Add(new Check("foreign_keys", CheckStatus.Ok, "0 rows violate a foreign key"));
        checks.Add(new Check("size", condition.FreePages * 4 > condition.PageCount && condition.FreePages * condition.PageSize > 1 << 20 ? CheckStatus.Warning : CheckStatus.Ok, $"file {condition.PageCount * condition.PageSize:N0} bytes, {condition.FreePages:N0} free pages ({condition.FreePercent:0.#}%), WAL {sqlite.WalBytes:N0} bytes, journal {condition.JournalMode}"));
        checks.Add(BackupService.Newest(context.Database) is { } newest
            ? new Check("backup", CheckStatus.Ok, $"newest verified backup {newest}")
            : new Check("backup", CheckStatus.Warning, "no backup beside the database; take one with `tradebook backup`"));
        return true;
    }

    /// <summary>What to do about a damaged database: restore the newest verified backup, or save what can be read.</summary>
    private static Check Restore(CliContext context) =>
        BackupService.Newest(context.Database) is { } backup
            ? new Check("remedy", CheckStatus.Error, $"restore the newest verified backup with `tradebook restore \"{backup}\" --force` (the damaged file is kept beside it); what was recorded after {File.GetLastWriteTimeUtc(backup):u} must be recorded again")
            : new Check("remedy", CheckStatus.Error, "there is no verified backup beside it; copy the file somewhere safe, then try `sqlite3 FILE .recover` to save what can be read, and back up from now on with `tradebook backup`");

    /// <summary>The stored positions and rollups against a replay of the fills.</summary>
    private static Check Derived(LedgerAuditResult audit) =>
        audit.Matches
            ? new Check("derived", CheckStatus.Ok, $"the positions and rollups of {audit.Products} products are what a replay of their fills makes")
            : new Check("derived", CheckStatus.Error, $"{audit.Differences.Count} stored values differ from a replay of the fills ({string.Join("; ", DerivedDifferencesText.Render(audit.Differences).Take(3).Select(l => l.Trim()))}); run `tradebook rebuild` to derive them again");

    private static int Print(CliContext context, List<Check> checks, int? schemaVersion = null, string? writtenBySqlite = null)
    {
        if (context.Json)
        {
            context.Console.WriteJson(new
            {
                database = context.Target.Display,
                rule = context.Target.Rule,
                engine = context.Target.Engine,
                versions = Versions.Current,
                schema_version = schemaVersion,
                written_by_sqlite = writtenBySqlite,
                checks,
            });
        }
        else
        {
            foreach (var check in checks)
            {
                context.Console.Out.WriteLine($"{check.Status.ToString().ToLowerInvariant(),-7} {check.Name,-13} {check.Detail}");
            }
        }

        var errors = checks.Where(c => c.Status == CheckStatus.Error).ToList();
        if (errors.Count == 0)
        {
            return ExitCodes.Ok;
        }

        // The report says everything; stderr carries the one line a script or a user acts on first.
        context.Console.Error.WriteLine($"error: {errors[0].Name}: {errors[0].Detail}{(errors.Count > 1 ? $" (and {errors.Count - 1} more problems in the report)" : string.Empty)}");
        return ExitCodes.Failed;
    }

    private enum CheckStatus
    {
        Ok,
        Warning,
        Error,
    }

    private sealed record Check(string Name, CheckStatus Status, string Detail);
}
