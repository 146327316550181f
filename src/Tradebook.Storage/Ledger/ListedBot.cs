using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;

namespace Tradebook.Storage.Ledger;

/// <summary>A bot as <c>tradebook bots list</c> shows it: as stored, and flagged when its P&amp;L cannot be known.</summary>
public sealed record ListedBot(
    long Id,
    string Name,
    BotMode Mode,
    CostBasisMethod Method,
    string? Exchange,
    string? StrategyName,
    string? StrategyVersion,
    string? Config,
    DateTimeOffset CreatedAt,
    UnknownPnlFlag? PnlUnknown)
{
    public static ListedBot Of(BotRow bot, UnknownPnlFlag? flag)
    {
        ArgumentNullException.ThrowIfNull(bot);
        return new(bot.Id, bot.Name, bot.Mode, bot.Method, bot.Exchange, bot.StrategyName, bot.StrategyVersion, bot.Config, bot.CreatedAt, flag);
    }
}
