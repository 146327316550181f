using System.Data.Common;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Reads;

/// <summary>
/// Whose data a caller may see and change. Every read and write of the server takes it from the request
/// and applies it here, in the queries, never in each handler. Until Tradebook has users, every caller is
/// the local owner, who sees every bot; a scope with a user sees only that user's bots.
/// </summary>
public sealed record ReadScope(string? User)
{
    public static readonly ReadScope LocalOwner = new((string?)null);

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
