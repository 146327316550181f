using System.CommandLine;
using Tradebook.Storage.Backups;

namespace Tradebook.Cli.Commands;

/// <summary><c>tradebook backup [DEST] [--keep N]</c>: a verified copy of the SQLite database.</summary>
internal static class BackupCommand
{
    public static Command Create(CliConsole console)
    {
        var destination = new Argument<string?>("dest") { Description = "Folder for the backup (default: 'backups' beside the database).", Arity = ArgumentArity.ZeroOrOne };
        var keep = new Option<int>("--keep") { Description = "How many backups to keep in that folder; older ones are deleted.", DefaultValueFactory = _ => BackupService.DefaultKeep };
        var command = new Command("backup", "Copy the database with VACUUM INTO, verify the copy, and keep the newest N.") { destination, keep };
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console);
            var result = BackupService.Backup(context.Database, parse.GetValue(destination), parse.GetValue(keep));
            if (context.Json)
            {
                console.WriteJson(result);
            }
            else
            {
                console.Out.WriteLine($"Backup written and verified: {result.Path} ({result.Bytes} bytes, {result.RowCounts.Values.Sum()} rows in {result.RowCounts.Count} tables).");
                foreach (var removed in result.Removed)
                {
                    console.Out.WriteLine($"Removed old backup {removed}");
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
