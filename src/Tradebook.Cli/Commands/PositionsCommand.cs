using System.CommandLine;
using System.Globalization;
using Spectre.Console;

using static Tradebook.Cli.Output.Figures;

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
                table.AddRow(Markup.Escape(r.Bot), r.Mode, Markup.Escape(r.Symbol), r.Direction, Num(r.Quantity), Known(r.AvgEntryPrice), Known(r.CostBasis), r.MarkPrice is { } m ? Num(m) : "-", Unrealized(r.UnrealizedPnl, r.PnlUnknown), r.OpenedAt?.ToString("u", CultureInfo.InvariantCulture) ?? string.Empty);
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
                    dustTable.AddRow(Markup.Escape(d.Bot), d.Mode, Markup.Escape(d.Symbol), Num(d.Quantity), Known(d.Cost), d.MarkPrice is { } m ? Num(m) : "-", Unrealized(d.UnrealizedPnl, d.PnlUnknown));
                }

                console.Ansi.Write(dustTable);
            }

            foreach (var r in rows.Where(r => r.PnlUnknown is not null))
            {
                console.Out.WriteLine($"{r.Bot} {r.Symbol}: P&L unknown: {r.PnlUnknown!.Message}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    // Without a mark unrealized P&L waits for a price; without known entry prices no mark can tell it.
    private static string Unrealized(decimal? value, Core.Accounting.UnknownPnl? unknown) =>
        value is { } u ? Num(u) : unknown is null ? "unmarked" : Unknown;

}
