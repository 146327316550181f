using System.CommandLine;
using Tradebook.Cli.Commands;

namespace Tradebook.Cli;

/// <summary>The <c>tradebook</c> command: one subcommand per file under Commands/.</summary>
public static class TradebookCli
{
    /// <param name="input">What a command reads as stdin (<c>record -</c>); the process's stdin when null.</param>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null, Stream? input = null)
    {
        var console = new CliConsole(output ?? Console.Out, error ?? Console.Error, input);
        var root = new RootCommand("Tradebook: one source of truth for trading bots' data.")
        {
            GlobalOptions.Database,
            GlobalOptions.Json,
            InitCommand.Create(console),
            MigrateCommand.Create(console),
            BotsCommand.Create(console),
            RecordCommand.Create(console),
            PositionsCommand.Create(console),
            TradesCommand.Create(console),
            PnlCommand.Create(console),
            DoctorCommand.Create(console),
            RebuildCommand.Create(console),
            BenchCommand.Create(console),
            ImportCommand.Create(console),
            BackupCommand.Create(console),
            RestoreCommand.Create(console),
            ConvertCommand.Create(console),
            ServeCommand.Create(console),
        };

        VersionAction.Install(root, console);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                console.Error.WriteLine($"error: {parseError.Message}");
            }

            console.Error.WriteLine("run `tradebook --help` for usage");
            return ExitCodes.Usage;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false });
    }
}
