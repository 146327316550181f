using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Tradebook.Storage;

namespace Tradebook.Cli;

/// <summary>
/// <c>tradebook --version</c>: the tool's version, the SQLite engine it runs on and the schema version it
/// writes; with <c>--json</c>, the same as JSON. Nothing else may be given with it.
/// </summary>
internal sealed class VersionAction(CliConsole console) : SynchronousCommandLineAction
{
    public static void Install(RootCommand root, CliConsole console)
    {
        var version = root.Options.OfType<VersionOption>().Single();
        version.Action = new VersionAction(console);
        version.Validators.Clear();
        version.Validators.Add(result =>
        {
            if (result.Parent is CommandResult parent
                && parent.Children.Any(c => c is not OptionResult { Option: var option } || (option != version && option != GlobalOptions.Json)))
            {
                result.AddError("--version can be given only alone or with --json");
            }
        });
    }

    public override int Invoke(ParseResult parseResult)
    {
        var versions = Versions.Current;
        if (parseResult.GetValue(GlobalOptions.Json))
        {
            console.WriteJson(versions);
        }
        else
        {
            console.Out.WriteLine($"tradebook {versions.Tradebook}");
            console.Out.WriteLine($"SQLite {versions.Sqlite} (bundled)");
            console.Out.WriteLine($"schema version {versions.SchemaVersion}");
        }

        return ExitCodes.Ok;
    }
}
