using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Transfer;

namespace Tradebook.Cli.Commands;

/// <summary>
/// <c>tradebook convert --to TARGET</c>: moves the whole database to another one (SQLite file or
/// PostgreSQL), verified table by table after commit. Progress goes to stderr so that --json stays clean.
/// </summary>
internal static class ConvertCommand
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    public static Command Create(CliConsole console)
    {
        var to = new Option<string>("--to")
        {
            Description = "The database to write: a SQLite path, or a PostgreSQL connection string (postgres://… or Host=…). It must hold no Tradebook rows; it is created and migrated if needed.",
            Required = true,
        };
        var batch = new Option<int?>("--batch-size") { Description = "Rows per INSERT statement (default: 500 on PostgreSQL, 1 on SQLite, where one prepared row is fastest)." };
        var command = new Command("convert", "Copy the whole database to another SQLite file or PostgreSQL database, then verify every table.") { to, batch };
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console).RequireCurrentSchema();
            var target = DatabaseTarget.Parse(parse.GetValue(to)!, "--to option", Directory.GetCurrentDirectory());
            console.Error.WriteLine($"target: {target.Display} ({target.Engine.ToString().ToLowerInvariant()})");
            using var targetDatabase = new TradebookDatabase(target);
            var converter = new DatabaseConverter(context.Database, targetDatabase)
            {
                RowsPerStatement = parse.GetValue(batch) is { } rows ? Math.Max(1, rows) : null,
                Progress = Reporter(console.Error),
            };
            var report = converter.Convert();
            if (context.Json)
            {
                console.WriteJson(report);
            }
            else
            {
                Write(console, report);
            }

            return report.Ok ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    /// <summary>One line per table with rows, and a line every few seconds while a long table copies.</summary>
    private static Action<TransferProgress> Reporter(TextWriter error)
    {
        var clock = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        return p =>
        {
            if (p.Stage == TransferStage.Copy && p.TableDone && p.Rows > 0)
            {
                error.WriteLine($"copied {p.Table}: {p.Rows:N0} rows ({p.Index + 1}/{p.Count})");
                last = clock.Elapsed;
            }
            else if (p.Stage == TransferStage.Copy && !p.TableDone && p.Rows > 0 && clock.Elapsed - last >= ProgressInterval)
            {
                error.WriteLine($"copying {p.Table}: {p.Rows:N0} of {p.TotalRows:N0} rows ({100.0 * p.Rows / Math.Max(1, p.TotalRows):0}%)");
                last = clock.Elapsed;
            }
            else if (p.Stage == TransferStage.Verify && p.Index == 0)
            {
                error.WriteLine("verifying the target against the source...");
            }
        };
    }

    private static void Write(CliConsole console, ConversionReport report)
    {
        var table = new Table().AddColumns("table", "source rows", "target rows", "columns", "sums", "result");
        foreach (var t in report.Tables)
        {
            var sums = t.Columns.Count(c => c.Source.Sum is not null);
            table.AddRow(
                Markup.Escape(t.Table),
                t.SourceRows.ToString("N0", CultureInfo.InvariantCulture),
                t.TargetRows.ToString("N0", CultureInfo.InvariantCulture),
                t.Columns.Count.ToString(CultureInfo.InvariantCulture),
                sums.ToString(CultureInfo.InvariantCulture),
                t.Ok ? "ok" : "MISMATCH");
        }

        console.Ansi.Write(table);
        foreach (var warning in report.Warnings)
        {
            console.Out.WriteLine($"warning: {warning}");
        }

        foreach (var written in report.WrittenDuringCopy)
        {
            console.Out.WriteLine($"written during the copy: {written}");
        }

        foreach (var t in report.Tables.Where(t => !t.Ok))
        {
            foreach (var mismatch in t.Mismatches)
            {
                console.Out.WriteLine($"mismatch in {t.Table}: {mismatch}");
            }
        }

        var timing = $"copied in {report.CopyMilliseconds / 1000.0:0.0} s, verified in {report.VerifyMilliseconds / 1000.0:0.0} s";
        console.Out.WriteLine(report.Ok
            ? $"Converted {report.Rows:N0} rows in {report.Tables.Count} tables to {report.Target} (schema version {report.SchemaVersion}), {timing}: every row count, sum and checksum matches."
            : report.Tables.All(t => t.Ok)
                ? $"The copy to {report.Target} matches the source as it was when the copy began ({timing}), but the source was written to since: stop the bots that write to it and convert again into an empty target."
                : $"The copy to {report.Target} was committed but does not match the source ({timing}); do not use it before finding out why.");
    }
}
