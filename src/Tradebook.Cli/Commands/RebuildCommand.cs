using System.CommandLine;
using Tradebook.Storage.Health;

namespace Tradebook.Cli.Commands;

/// <summary>
/// <c>tradebook rebuild [--bot B]</c>: derives every position, lot and rollup again from the fills and
/// cash flows, in one transaction, and reports each value that changed (nothing, when the stored ones
/// were right). What <c>doctor</c> advises when it finds them drifted.
/// </summary>
internal static class RebuildCommand
{
    private const int Shown = 20;

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
            foreach (var line in Describe(result.Differences))
            {
                console.Out.WriteLine(line);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The first differences as "row column: stored → replayed", and how many more there are.</summary>
    public static IEnumerable<string> Describe(IReadOnlyList<DerivedDifference> differences)
    {
        foreach (var d in differences.Take(Shown))
        {
            yield return d.Column == "(row)"
                ? $"  {d.Row}: {(d.Stored is null ? "missing, now derived" : "not derived from any fill, removed")}"
                : $"  {d.Row} {d.Column}: {d.Stored ?? "null"} → {d.Replayed ?? "null"}";
        }

        if (differences.Count > Shown)
        {
            yield return $"  … and {differences.Count - Shown} more (all in --json)";
        }
    }
}
