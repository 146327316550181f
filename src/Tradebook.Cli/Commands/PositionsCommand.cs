using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Tradebook.Cli.Commands;

/// <summary><c>tradebook positions</c>: open positions with their mark and unrealized P&amp;L, then the dust round trips left.</summary>
internal static class PositionsCommand
{
    public static Command Create(CliConsole console)
    {
        var options = new ReportOptions();
        var command = new Command("positions", "Show open positions.");
        options.AddTo(command);
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console).RequireCurrentSchema();
            var rows = context.Reader.OpenPositions(options.Filter(parse), options.MarkPrices(parse));
            if (context.Json)
            {
                console.WriteJson(rows);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("bot", "mode", "symbol", "side", "qty", "avg entry", "cost basis", "mark", "unrealized", "opened");
            foreach (var r in rows)
            {
                table.AddRow(Markup.Escape(r.Bot), r.Mode, Markup.Escape(r.Symbol), r.Direction, Num(r.Quantity), Num(r.AvgEntryPrice), Num(r.CostBasis), r.MarkPrice is { } m ? Num(m) : "-", r.UnrealizedPnl is { } u ? Num(u) : "unmarked", r.OpenedAt?.ToString("u", CultureInfo.InvariantCulture) ?? string.Empty);
            }

            console.Ansi.Write(table);
            if (rows.Count == 0)
            {
                console.Out.WriteLine("No open positions.");
            }

            // Dust is held but no position: what round trips left below the dust threshold (docs/import.md).
            var dust = context.Reader.Dust(options.Filter(parse), options.MarkPrices(parse));
            if (dust.Count > 0)
            {
                console.Out.WriteLine("Dust (left by round trips below the lot size; no position):");
                var dustTable = new Table().AddColumns("bot", "mode", "symbol", "dust", "cost", "mark", "unrealized");
                foreach (var d in dust)
                {
                    dustTable.AddRow(Markup.Escape(d.Bot), d.Mode, Markup.Escape(d.Symbol), Num(d.Quantity), Num(d.Cost), d.MarkPrice is { } m ? Num(m) : "-", d.UnrealizedPnl is { } u ? Num(u) : "unmarked");
                }

                console.Ansi.Write(dustTable);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    internal static string Num(decimal value) => decimal.Round(value, 8).Normalize().ToString(CultureInfo.InvariantCulture);

    private static decimal Normalize(this decimal value) => value / 1.000000000000000000000000000000000m;
}
