using System.Data.Common;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Access;
using Tradebook.Storage.Changes;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>What a bot reports of itself in a heartbeat.</summary>
public sealed record Heartbeat(string? Status, string? Version, string? Host);

/// <summary>A change of a bot's strategy version or configuration; a null field is left as it is.</summary>
public sealed record BotUpdate(string? StrategyVersion, string? Config);

/// <summary>
/// A bot's life after it is added: heartbeats, pause and resume, archive, a new strategy version. Each
/// runs in the caller's transaction, on a bot in the caller's scope (any other is unknown), and returns
/// the change for the change log, which the caller appends before it commits.
/// </summary>
public static class BotLifecycle
{
    public static Change Beat(DbConnection connection, DbTransaction transaction, TradebookDatabase database, CallerScope scope, string bot, Heartbeat beat, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(beat);
        NameLength.Check("status", beat.Status);
        NameLength.Check("version", beat.Version);
        NameLength.Check("host", beat.Host);
        var id = RequireBot(connection, transaction, scope, bot);
        using var command = connection.Command(transaction, """
            INSERT INTO bot_activity (bot_id, last_heartbeat_at, reported_status, version, host)
            VALUES (@bot, @at, @status, @version, @host)
            ON CONFLICT (bot_id) DO UPDATE SET
                last_heartbeat_at = excluded.last_heartbeat_at,
                reported_status = excluded.reported_status,
                version = coalesce(excluded.version, bot_activity.version),
                host = coalesce(excluded.host, bot_activity.host)
            """);
        command.Add("@bot", id);
        command.Add("@at", database.Timestamp(now));
        command.Add("@status", beat.Status);
        command.Add("@version", beat.Version);
        command.Add("@host", beat.Host);
        command.ExecuteNonQuery();
        return new Change(ChangeKind.Heartbeat, bot, 1);
    }

    /// <summary>
    /// Pauses (<paramref name="paused"/>) or resumes a bot. Pausing a paused bot keeps the first pause's time. Resuming
    /// also brings back an archived bot, running and listed again: otherwise an archive made by mistake had no way back.
    /// </summary>
    public static Change SetPaused(DbConnection connection, DbTransaction transaction, TradebookDatabase database, CallerScope scope, string bot, bool paused, DateTimeOffset now) =>
        Set(connection, transaction, database, scope, bot, paused ? "paused_at = coalesce(paused_at, @now)" : "paused_at = NULL, archived_at = NULL", now);

    /// <summary>Hides a bot from lists; its data stays, and it can still be read by name.</summary>
    public static Change Archive(DbConnection connection, DbTransaction transaction, TradebookDatabase database, CallerScope scope, string bot, DateTimeOffset now) =>
        Set(connection, transaction, database, scope, bot, "archived_at = coalesce(archived_at, @now)", now);

    public static Change Update(DbConnection connection, DbTransaction transaction, TradebookDatabase database, CallerScope scope, string bot, BotUpdate update, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(update);
        NameLength.Check("strategy_version", update.StrategyVersion);
        var id = RequireBot(connection, transaction, scope, bot);
        using var command = connection.Command(transaction, """
            UPDATE bots SET strategy_version = coalesce(@version, strategy_version), config = coalesce(@config, config) WHERE id = @bot
            """);
        command.Add("@version", update.StrategyVersion);
        command.Add("@config", update.Config);
        command.Add("@bot", id);
        command.ExecuteNonQuery();
        return new Change(ChangeKind.Bot, bot, 1);
    }

    private static Change Set(DbConnection connection, DbTransaction transaction, TradebookDatabase database, CallerScope scope, string bot, string assignment, DateTimeOffset now)
    {
        var id = RequireBot(connection, transaction, scope, bot);
        using var command = connection.Command(transaction, $"UPDATE bots SET {assignment} WHERE id = @bot");
        command.Add("@now", database.Timestamp(now));
        command.Add("@bot", id);
        command.ExecuteNonQuery();
        return new Change(ChangeKind.Bot, bot, 1);
    }

    private static long RequireBot(DbConnection connection, DbTransaction transaction, CallerScope scope, string bot) =>
        Bots.Find(connection, transaction, bot) is { } row && scope.Allows(row) ? row.Id
        : throw new TradebookException(ErrorCode.UnknownBot, $"no bot named '{bot}'", Remedy.AddBot(bot));
}
