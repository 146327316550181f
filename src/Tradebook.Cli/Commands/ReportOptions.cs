using System.CommandLine;
using System.Globalization;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Ledger;

namespace Tradebook.Cli.Commands;

/// <summary>The filter and mark options shared by positions, trades and pnl.</summary>
internal sealed class ReportOptions
{
    public Option<string?> Bot { get; } = new("--bot") { Description = "Only this bot." };

    public Option<string?> Mode { get; } = new("--mode") { Description = "Only bots of this mode: live, paper, backtest or test." };

    public Option<bool> AllModes { get; } = new("--all-modes") { Description = "Add up bots of different modes (never done unless asked)." };

    public Option<string[]> Marks { get; } = new("--mark") { Description = "Mark price for unrealized P&L, SYMBOL=PRICE; repeatable. Default: the latest price bar.", AllowMultipleArgumentsPerToken = true };

    public void AddTo(Command command)
    {
        command.Options.Add(Bot);
        command.Options.Add(Mode);
        command.Options.Add(AllModes);
        command.Options.Add(Marks);
    }

    public ReportFilter Filter(ParseResult parse) =>
        new(parse.GetValue(Bot), parse.GetValue(Mode) is { } mode ? BotsCommand.Parse<BotMode>(mode, "--mode") : null, parse.GetValue(AllModes));

    public IReadOnlyDictionary<string, decimal> MarkPrices(ParseResult parse)
    {
        var marks = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var mark in parse.GetValue(Marks) ?? [])
        {
            var parts = mark.Split('=', 2);
            if (parts.Length != 2 || !decimal.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var price))
            {
                throw new TradebookException(ErrorCode.InvalidInput, $"--mark '{mark}' is not SYMBOL=PRICE (e.g. --mark BTC/USDT=64000.5)");
            }

            marks[parts[0].Trim()] = price;
        }

        return marks;
    }
}
