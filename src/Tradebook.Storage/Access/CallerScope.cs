using System.Data.Common;
using Tradebook.Core;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;

namespace Tradebook.Storage.Access;

/// <summary>
/// Whose data a caller may see and change. Every read and write of the server takes it from the request
/// and Storage applies it: reads in their queries' conditions, writes where the ledger and a bot's
/// lifecycle resolve a bot's name, so that no handler checks it. Until Tradebook has users, every caller
/// is the local owner, who sees and writes every bot; a scope with a user sees and writes only that
/// user's bots, and another user's bot is, to it, a bot that does not exist.
/// </summary>
public sealed record CallerScope(string? User)
{
    public static readonly CallerScope LocalOwner = new((string?)null);

    /// <summary>Whether the caller may read and write <paramref name="bot"/>.</summary>
    public bool Allows(BotRow bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        return User is null || string.Equals(bot.Owner, User, StringComparison.Ordinal);
    }

    /// <summary>
    /// Refuses a read filtered by a bot that is not in the scope (a typo, or another user's bot) as an unknown
    /// bot: an empty answer would read as "this bot did nothing", and a script or screen would show it as such.
    /// </summary>
    internal void RequireBot(DbConnection connection, string? bot)
    {
        if (bot is not null && (Bots.Find(connection, null, bot) is not { } row || !Allows(row)))
        {
            throw new TradebookException(ErrorCode.UnknownBot, $"no bot named '{bot}'", Remedy.ListBots());
        }
    }

    /// <summary>The condition on the bots table aliased <paramref name="bots"/>, or none for the local owner.</summary>
    internal string Condition(string bots) =>
        User is null ? "1 = 1" : $"{bots}.user_id = (SELECT id FROM users WHERE name = @scope_user)";

    internal void Bind(DbCommand command)
    {
        if (User is not null)
        {
            command.Add("@scope_user", User);
        }
    }
}
