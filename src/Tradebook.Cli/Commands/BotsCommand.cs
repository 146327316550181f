using System.CommandLine;
using Spectre.Console;
using Tradebook.Core;
using Tradebook.Core.Domain;

namespace Tradebook.Cli.Commands;

/// <summary><c>tradebook bots add|list|pause|resume|archive|delete|set-dust</c>.</summary>
internal static class BotsCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("bots", "Add, list, pause, archive and delete bots. A bot's mode (live, paper, backtest, test) keeps its data apart.");
        command.Subcommands.Add(Add(console));
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Lifecycle(console, "pause", "Show a bot as paused; its data stays.", "Paused", (ledger, bot) => ledger.SetPaused(bot, true)));
        command.Subcommands.Add(Lifecycle(console, "resume", "Resume a paused bot, or bring back an archived one.", "Resumed", (ledger, bot) => ledger.SetPaused(bot, false)));
        command.Subcommands.Add(Lifecycle(console, "archive", "Hide a bot from lists; its data stays and `resume` brings it back.", "Archived", (ledger, bot) => ledger.Archive(bot)));
        command.Subcommands.Add(Delete(console));
        command.Subcommands.Add(SetDust(console));
        return command;
    }

    private static Command Lifecycle(CliConsole console, string verb, string description, string done, Action<Storage.Ledger.LedgerWriter, string> change)
    {
        var name = new Argument<string>("name") { Description = "The bot's name." };
        var command = new Command(verb, description) { name };
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console).RequireCurrentSchema();
            var bot = parse.GetValue(name)!;
            change(context.Ledger, bot);
            if (context.Json)
            {
                console.WriteJson(new { bot, action = verb });
            }
            else
            {
                console.Out.WriteLine($"{done} bot '{bot}'.");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Delete(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The bot's name." };
        var yes = new Option<bool>("--yes") { Description = "Delete: without it, the command only says what would be deleted." };
        var noBackup = new Option<bool>("--no-backup") { Description = "Skip the backup taken before deleting (SQLite)." };
        var command = new Command("delete", "Delete a bot and everything recorded for it (fills, orders, decisions, positions, snapshots…), after a backup. Other bots, prices and imports stay.") { name, yes, noBackup };
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console).RequireCurrentSchema();
            var bot = parse.GetValue(name)!;
            // Counted even with --yes: an unknown bot is refused here, before a backup is taken for nothing.
            var counted = context.Ledger.CountBotRows(bot);
            if (!parse.GetValue(yes))
            {
                throw new TradebookException(ErrorCode.InvalidInput, $"deleting bot '{counted.Bot}' removes {counted.Describe()}; run again with --yes to delete it (a backup is taken first), or `tradebook bots archive {counted.Bot}` to hide it and keep its data");
            }

            var backup = parse.GetValue(noBackup) || context.Database.Engine != Storage.Connection.SqlEngine.Sqlite ? null : Storage.Backups.BackupService.Backup(context.Database).Path;
            var removed = context.Ledger.DeleteBot(bot);
            if (context.Json)
            {
                console.WriteJson(new { bot = removed.Bot, rows = removed.Rows, backup });
                return ExitCodes.Ok;
            }

            console.Out.WriteLine($"Deleted bot '{removed.Bot}': {removed.Describe()}.");
            console.Out.WriteLine(backup is not null ? $"The database before the deletion is kept in {backup} (tradebook restore brings it back)."
                : context.Database.Engine == Storage.Connection.SqlEngine.Sqlite ? "No backup was taken (--no-backup)." : "No backup was taken: back up a PostgreSQL database with pg_dump.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command SetDust(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The bot's name." };
        var quantity = new Argument<string>("quantity") { Description = "A quantity such as 0.001: the bot's dust threshold (0 turns the rule off), or with --symbol the amount step it trades the symbol in." };
        var symbol = new Option<string?>("--symbol") { Description = "Set the amount step (lot size) of this symbol instead: it wins over the bot's threshold." };
        var command = new Command(
            "set-dust",
            "Set below what quantity a round trip's leftover is dust: the round trip ends and the rest is kept as the product's dust. The bot's products are accounted again.")
        { name, quantity, symbol };
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console).RequireCurrentSchema();
            var text = parse.GetValue(quantity)!;
            if (!decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                throw new Core.TradebookException(Core.ErrorCode.InvalidInput, $"quantity '{text}' is not a number such as 0.001");
            }

            var change = context.Ledger.SetDust(parse.GetValue(name)!, value, parse.GetValue(symbol));
            if (context.Json)
            {
                console.WriteJson(change);
                return ExitCodes.Ok;
            }

            var what = change.Key == Core.Accounting.DustThreshold.BotKey
                ? $"dust threshold {change.Value} (where no amount step is known)"
                : $"amount step {change.Value} on {change.Key[Core.Accounting.DustThreshold.StepKeyPrefix.Length..]}";
            console.Out.WriteLine(change.Changed
                ? $"Bot '{change.Bot}': {what}; {change.ProductsReplayed} product(s) accounted again."
                : $"Bot '{change.Bot}': {what} already; nothing changed.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Add(CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The bot's unique name." };
        var mode = new Option<string>("--mode") { Description = "live, paper, backtest or test.", Required = true };
        var method = new Option<string>("--method") { Description = "Cost basis: average (default) or fifo.", DefaultValueFactory = _ => "average" };
        var exchange = new Option<string?>("--exchange") { Description = "Exchange or broker." };
        var strategy = new Option<string?>("--strategy") { Description = "Strategy name." };
        var strategyVersion = new Option<string?>("--strategy-version") { Description = "Strategy version or hash." };
        var config = new Option<string?>("--config") { Description = "Bot configuration as JSON text." };
        var user = new Option<string?>("--user") { Description = "Owner's name." };
        var command = new Command("add", "Add a bot (adding the same bot again changes nothing).") { name, mode, method, exchange, strategy, strategyVersion, config, user };
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console).RequireCurrentSchema();
            var spec = new BotSpec(
                parse.GetValue(name)!,
                Parse<BotMode>(parse.GetValue(mode)!, "--mode"),
                Parse<CostBasisMethod>(parse.GetValue(method)!, "--method"),
                parse.GetValue(exchange),
                parse.GetValue(strategy),
                parse.GetValue(strategyVersion),
                parse.GetValue(config),
                parse.GetValue(user));
            var (bot, inserted) = context.Ledger.AddBot(spec);
            if (context.Json)
            {
                console.WriteJson(new { bot, inserted });
            }
            else
            {
                console.Out.WriteLine(inserted ? $"Added bot '{bot.Name}' ({bot.Mode.ToText()}, {bot.Method.ToText()} cost)." : $"Bot '{bot.Name}' already exists with the same settings; nothing changed.");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var command = new Command("list", "List bots.");
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console).RequireCurrentSchema();
            var bots = context.Reader.ListBots();
            if (context.Json)
            {
                console.WriteJson(bots);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("name", "mode", "cost", "exchange", "strategy", "version", "created", "flags");
            foreach (var b in bots)
            {
                table.AddRow(
                    Markup.Escape(b.Name), b.Mode.ToText(), b.Method.ToText(), Markup.Escape(b.Exchange ?? string.Empty), Markup.Escape(b.StrategyName ?? string.Empty),
                    Markup.Escape(b.StrategyVersion ?? string.Empty), b.CreatedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture), b.PnlUnknown is null ? string.Empty : "P&L unknown");
            }

            console.Ansi.Write(table);
            foreach (var b in bots.Where(b => b.PnlUnknown is not null))
            {
                console.Out.WriteLine($"{b.Name}: {b.PnlUnknown!.Message}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    internal static T Parse<T>(string text, string option)
        where T : struct, Enum =>
        EnumText.TryParse<T>(text, out var value)
            ? value
            : throw new Core.TradebookException(Core.ErrorCode.InvalidInput, $"{option} '{text}' is not valid; expected one of {string.Join(", ", Enum.GetValues<T>().Select(v => v.ToText()))}");
}
