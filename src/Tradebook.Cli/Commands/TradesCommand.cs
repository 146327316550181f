using System.CommandLine;
using System.Globalization;
using Spectre.Console;

using static Tradebook.Cli.Output.Figures;

namespace Tradebook.Cli.Commands;

/// <summary><c>tradebook trades</c>: round trips, newest first.</summary>
internal static class TradesCommand
{
    public static Command Create(CliConsole console)
    {
        var options = new ReportOptions();
        var limit = new Option<int>("--limit") { Description = "At most this many trades.", DefaultValueFactory = _ => 50 };
        var command = new Command("trades", "Show round trips (positions from flat to flat), newest first.") { limit };
        options.AddTo(command);
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console).RequireCurrentSchema();
            var rows = context.Reader.Trades(options.Filter(parse), parse.GetValue(limit));
            if (context.Json)
            {
                console.WriteJson(rows);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("id", "bot", "mode", "symbol", "side", "status", "opened", "closed", "max qty", "realized", "fees", "fills");
            foreach (var r in rows)
            {
                table.AddRow(r.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(r.Bot), r.Mode, Markup.Escape(r.Symbol), r.Direction, r.Status, r.OpenedAt.ToString("u", CultureInfo.InvariantCulture), r.ClosedAt?.ToString("u", CultureInfo.InvariantCulture) ?? string.Empty, Num(r.MaxQuantity), Known(r.RealizedPnl), Known(r.Fees), r.Fills.ToString(CultureInfo.InvariantCulture));
            }

            console.Ansi.Write(table);

            // Once per product, as pnl and positions say it.
            foreach (var r in rows.Where(r => r.PnlUnknown is not null).DistinctBy(r => (r.Bot, r.Symbol)))
            {
                console.Out.WriteLine($"{r.Bot} {r.Symbol}: P&L unknown: {r.PnlUnknown!.Message}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
