using System.CommandLine;
using System.Globalization;
using Tradebook.Core.Time;
using Tradebook.Import.Doctor;
using Tradebook.Storage;
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
        var report = DoctorScanner.Scan(targets, SystemClock.Instance);
        if (parse.GetValue(GlobalOptions.Json))
        {
            console.Out.WriteLine(report.ToJson());
        }
        else
        {
            foreach (var line in DoctorReportText.Render(report))
            {
                console.Out.WriteLine(line);
            }
        }

        return report.HasErrors ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static int CheckDatabase(ParseResult parse, CliConsole console)
    {
        using var context = CliContext.From(parse, console);
        var checks = new List<Check> { new("database", "ok", $"{context.Target.Display} ({context.Target.Engine.ToString().ToLowerInvariant()}), chosen by {context.Target.Rule}") };
        if (context.Target.FilePath is { } file && !File.Exists(file))
        {
            checks.Add(new Check("file", "error", "the database file does not exist; run `tradebook init`"));
            return Print(context, checks);
        }

        var versions = Versions.Current;
        var header = context.Target.FilePath is { } path ? SqliteFileHeader.Read(path) : null;
        var status = context.Migrator.Status();
        checks.Add(new Check("migrations", status.Problems.Count > 0 ? "error" : status.IsCurrent ? "ok" : "warning", status.Problems.Count > 0 ? string.Join("; ", status.Problems) : $"schema version {status.CurrentVersion} of {status.LatestVersion}{(status.IsCurrent ? string.Empty : "; run `tradebook migrate`")}"));
        if (status.CurrentVersion > 0 && status.Problems.Count == 0)
        {
            var drift = DriftCheck.Run(context.Database, context.Migrator);
            checks.Add(new Check("drift", drift.Count == 0 ? "ok" : "error", drift.Count == 0 ? "the schema is exactly what the migrations produce" : string.Join("; ", drift)));
        }

        context.Database.Run(connection =>
        {
            checks.Insert(1, context.Target.Engine == SqlEngine.Sqlite
                ? new Check("engine", "ok", $"SQLite {versions.Sqlite} (bundled with Tradebook {versions.Tradebook}); the file was last written by SQLite {header?.WrittenBy ?? "(not recorded)"}")
                : new Check("engine", "ok", $"PostgreSQL {Scalar(connection, "SHOW server_version")} (Tradebook {versions.Tradebook})"));
            if (context.Target.Engine == SqlEngine.Sqlite)
            {
                var integrity = Scalar(connection, "PRAGMA integrity_check");
                checks.Add(new Check("integrity", integrity == "ok" ? "ok" : "error", integrity));
                var violations = Count(connection, "SELECT count(*) FROM pragma_foreign_key_check");
                checks.Add(new Check("foreign_keys", violations == 0 ? "ok" : "error", $"{violations} rows violate a foreign key"));
                var pageSize = Count(connection, "PRAGMA page_size");
                var pages = Count(connection, "PRAGMA page_count");
                var free = Count(connection, "PRAGMA freelist_count");
                var wal = File.Exists(context.Target.FilePath + "-wal") ? new FileInfo(context.Target.FilePath + "-wal").Length : 0;
                checks.Add(new Check("size", free * 4 > pages && free * pageSize > 1 << 20 ? "warning" : "ok", $"file {pages * pageSize:N0} bytes, {free:N0} free pages ({(pages == 0 ? 0 : 100.0 * free / pages):0.#}%), WAL {wal:N0} bytes, journal {Scalar(connection, "PRAGMA journal_mode")}"));
            }
            else
            {
                checks.Add(new Check("size", "ok", $"database {Scalar(connection, "SELECT pg_size_pretty(pg_database_size(current_database()))")}, server {Scalar(connection, "SHOW server_version")}"));
            }

            return 0;
        });

        return Print(context, checks, status.CurrentVersion, header?.WrittenBy);
    }

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
                context.Console.Out.WriteLine($"{check.Status,-7} {check.Name,-13} {check.Detail}");
            }
        }

        return checks.Any(c => c.Status == "error") ? ExitCodes.Failed : ExitCodes.Ok;
    }

    private static string Scalar(System.Data.Common.DbConnection connection, string sql)
    {
        using var command = connection.Command(null, sql);
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? string.Empty;
    }

    private static long Count(System.Data.Common.DbConnection connection, string sql) => long.Parse(Scalar(connection, sql), CultureInfo.InvariantCulture);

    private sealed record Check(string Name, string Status, string Detail);
}
