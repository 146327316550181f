using System.Collections.Concurrent;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;

namespace Tradebook.Storage.Access;

/// <summary>
/// Which user owns each bot, for what names a bot without a query of its own: the change log's events,
/// which carry the bot's name. A bot's owner never changes, so what was looked up is kept; a name not
/// found is asked again next time (the bot may be added meanwhile).
/// </summary>
public sealed class BotOwners(TradebookDatabase database)
{
    private readonly ConcurrentDictionary<string, BotRow> _bots = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether <paramref name="scope"/> may see what happened to the bot named <paramref name="bot"/>;
    /// what names no bot (price bars, FX rates, global settings) is everyone's.
    /// </summary>
    public bool Allows(CallerScope scope, string? bot)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.User is null || bot is null)
        {
            return true;
        }

        if (!_bots.TryGetValue(bot, out var row))
        {
            row = database.Run(connection => Bots.Find(connection, null, bot));
            if (row is null)
            {
                return false;
            }

            _bots[bot] = row;
        }

        return scope.Allows(row);
    }
}
