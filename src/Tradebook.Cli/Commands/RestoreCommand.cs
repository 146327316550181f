using System.CommandLine;
using Tradebook.Storage.Backups;

namespace Tradebook.Cli.Commands;

/// <summary><c>tradebook restore SRC [--force]</c>: replaces the database with a backup.</summary>
internal static class RestoreCommand
{
    public static Command Create(CliConsole console)
    {
        var source = new Argument<string>("src") { Description = "The backup file to restore." };
        var force = new Option<bool>("--force") { Description = "Restore even though the database has newer activity than the backup (that activity is lost)." };
        var command = new Command("restore", "Replace the database with a verified Tradebook backup, atomically; the replaced database is kept beside it.") { source, force };
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console, create: true);
            var result = BackupService.Restore(context.Database, parse.GetValue(source)!, parse.GetValue(force));
            if (context.Json)
            {
                console.WriteJson(result);
            }
            else
            {
                console.Out.WriteLine($"Restored {result.Target} from {result.Backup} (backup's last activity {result.BackupActivity?.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "none"}); verified.");
                if (result.ReplacedKeptAt is { } kept)
                {
                    console.Out.WriteLine($"The database it replaced is kept at {kept}; delete it when you no longer need it.");
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
