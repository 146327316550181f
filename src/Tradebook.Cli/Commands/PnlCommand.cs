using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tradebook.Cli.Output;
using Tradebook.Core.Accounting;
using Tradebook.Storage.Ledger;

using static Tradebook.Cli.Output.Figures;

namespace Tradebook.Cli.Commands;

/// <summary>
/// <c>tradebook pnl</c>: realized and unrealized P&amp;L, fees, position, average entry, cost basis,
/// trades and wins, per product, bot or day. Totals are per mode unless --all-modes.
/// </summary>
internal static class PnlCommand
{
    public static Command Create(CliConsole console)
    {
        var options = new ReportOptions();
        var by = new Option<string>("--by") { Description = "Group by product (default), bot or day.", DefaultValueFactory = _ => "product" };
        var method = new Option<string?>("--method") { Description = "Only bots using this cost method (average or fifo); each bot's method is fixed when it is added." };
        var command = new Command("pnl", "Show P&L per product, bot or day.") { by, method };
        options.AddTo(command);
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console).RequireCurrentSchema();
            var grouping = BotsCommand.Parse<PnlGrouping>(parse.GetValue(by)!, "--by");
            var filter = options.Filter(parse);
            var wanted = parse.GetValue(method) is { } m ? BotsCommand.Parse<Core.Domain.CostBasisMethod>(m, "--method") : (Core.Domain.CostBasisMethod?)null;
            var marks = options.MarkPrices(parse);
            var report = context.Reader.Report(filter, grouping, marks, wanted);
            var output = PnlDocument.From(report);
            if (context.Json)
            {
                console.WriteJson(output);
                return ExitCodes.Ok;
            }

            var first = grouping == PnlGrouping.Day ? "day" : "product";
            var table = new Table().AddColumns("bot", "mode", first, "realized", "unrealized", "fees", "position", "avg entry", "cost basis", "trades", "wins");
            foreach (var l in output.Lines.Concat(output.Totals))
            {
                var unknown = l.PnlUnknown is not null;
                table.AddRow(
                    Markup.Escape(l.Bot), l.Mode, Markup.Escape(l.Product),
                    Known(l.RealizedPnl), l.UnrealizedPnl is { } u && !l.Marked ? $"{Num(u)} (unmarked)" : Known(l.UnrealizedPnl), Known(l.Fees),
                    Cell(l.PositionQty), unknown && !l.SpansProducts ? Unknown : Cell(l.AvgEntryPrice), unknown && !l.SpansProducts ? Unknown : Cell(l.CostBasis),
                    l.Trades.ToString(CultureInfo.InvariantCulture), l.Wins?.ToString(CultureInfo.InvariantCulture) ?? Unknown);
            }

            console.Ansi.Write(table);
            if (output.Lines.Concat(output.Totals).Any(l => l.SpansProducts))
            {
                console.Out.WriteLine("Rows that add up several products show no position, average entry or cost basis: those only add up within one product.");
            }

            foreach (var l in output.Lines.Where(l => l.PnlUnknown is not null))
            {
                console.Out.WriteLine($"{l.Bot} {l.Product}: P&L unknown: {l.PnlUnknown!.Message}");
            }

            foreach (var u in report.UnconvertedFees)
            {
                console.Out.WriteLine($"{u.Bot}: {Num(u.Amount)} {u.Currency} of fees had no rate and are not in P&L");
            }

            foreach (var warning in output.Warnings)
            {
                console.Out.WriteLine(warning);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>What a figure that cannot be known shows, never 0.</summary>
    private static string Cell(decimal? value) => value is { } v ? Num(v) : string.Empty;
}
