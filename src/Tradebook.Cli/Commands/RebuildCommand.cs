using System.CommandLine;
using Tradebook.Cli.Output;
using Tradebook.Storage.Health;

namespace Tradebook.Cli.Commands;

/// <summary>
/// <c>tradebook rebuild [--bot B]</c>: derives every position, lot and rollup again from the fills and
/// cash flows, in one transaction, and reports each value that changed (nothing, when the stored ones
/// were right). What <c>doctor</c> advises when it finds them drifted.
/// </summary>
internal static class RebuildCommand
{
    public static Command Create(CliConsole console)
    {
        var bot = new Option<string?>("--bot") { Description = "Rebuild only this bot's products." };
        var command = new Command("rebuild", "Derive positions and rollups again from the fills, and report what changed.") { bot };
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console).RequireExisting().RequireCurrentSchema();
            var result = LedgerAudit.Rebuild(context.Database, context.Clock, parse.GetValue(bot));
            if (context.Json)
            {
                console.WriteJson(new { products = result.Products, changed = result.Differences.Count, differences = result.Differences });
                return ExitCodes.Ok;
            }

            console.Out.WriteLine(result.Matches
                ? $"Rebuilt {result.Products} products: every stored position and rollup was already what the fills make; nothing changed."
                : $"Rebuilt {result.Products} products: {result.Differences.Count} stored values were not what the fills make and were derived again:");
            foreach (var line in DerivedDifferencesText.Render(result.Differences))
            {
                console.Out.WriteLine(line);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
