using System.CommandLine;

namespace Tradebook.Cli.Commands;

/// <summary><c>tradebook init</c>: creates the database (if needed) and brings its schema to the latest version.</summary>
internal static class InitCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("init", "Create the database if needed and migrate it to the latest schema.");
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console, create: true);
            var result = context.Migrator.Migrate();
            var status = context.Migrator.Status();
            if (context.Json)
            {
                console.WriteJson(new { database = context.Target.Display, engine = context.Target.Engine, rule = context.Target.Rule, applied = result.Applied, version = status.CurrentVersion });
            }
            else
            {
                console.Out.WriteLine(result.Applied.Count == 0
                    ? $"Tradebook database is ready at schema version {status.CurrentVersion} (nothing to apply)."
                    : $"Tradebook database initialised: applied {string.Join(", ", result.Applied)}; schema version {status.CurrentVersion}.");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
