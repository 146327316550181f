using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tradebook.Core.Accounting;
using Tradebook.Storage.Ledger;

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
            var report = context.Reader.Report(filter, grouping, options.MarkPrices(parse), wanted);
            if (context.Json)
            {
                console.WriteJson(PnlDocument.From(report));
                return ExitCodes.Ok;
            }

            var (lines, totals, unconverted) = (report.Lines, report.Totals, report.UnconvertedFees);
            var first = grouping == PnlGrouping.Day ? "day" : "product";
            var table = new Table().AddColumns("bot", "mode", first, "realized", "unrealized", "fees", "position", "avg entry", "cost basis", "trades", "wins");
            foreach (var l in lines.Concat(totals))
            {
                table.AddRow(Markup.Escape(l.Bot), l.Mode, Markup.Escape(l.Product), PositionsCommand.Num(l.RealizedPnl), l.Marked ? PositionsCommand.Num(l.UnrealizedPnl) : $"{PositionsCommand.Num(l.UnrealizedPnl)} (unmarked)", PositionsCommand.Num(l.Fees), PositionsCommand.Num(l.PositionQty), PositionsCommand.Num(l.AvgEntryPrice), PositionsCommand.Num(l.CostBasis), l.Trades.ToString(CultureInfo.InvariantCulture), l.Wins.ToString(CultureInfo.InvariantCulture));
            }

            console.Ansi.Write(table);
            foreach (var u in unconverted)
            {
                console.Out.WriteLine($"{u.Bot}: {PositionsCommand.Num(u.Amount)} {u.Currency} of fees had no rate and are not in P&L");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
