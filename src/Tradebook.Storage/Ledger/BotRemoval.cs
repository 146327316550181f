using System.Data.Common;
using System.Globalization;
using Tradebook.Core;
using Tradebook.Storage.Access;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>What deleting a bot removes, or removed: its rows in each table that held any.</summary>
public sealed record BotRemovalSummary(string Bot, IReadOnlyDictionary<string, long> Rows)
{
    /// <summary>What a user recorded comes first in a deletion's summary, what Tradebook derived from it after.</summary>
    private static readonly string[] RecordedFirst = ["fills", "orders", "decisions", "signals", "equity_snapshots", "cash_flows", "settings", "positions"];

    /// <summary>"2 fills, 1 positions, … and the bot itself".</summary>
    public string Describe() =>
        string.Join(", ", Rows.Where(r => r.Key != "bots").OrderBy(r => Array.IndexOf(RecordedFirst, r.Key) is var i and >= 0 ? i : RecordedFirst.Length).Select(r => $"{r.Value.ToString("N0", CultureInfo.InvariantCulture)} {r.Key.Replace('_', ' ')}")) is { Length: > 0 } rows
            ? $"{rows} and the bot itself"
            : "the bot itself (it holds no rows)";
}

/// <summary>
/// Deletes a bot and everything recorded for it or derived from it, in one transaction: the way out for a
/// bot that should never have been in this database (a test run pointed at the live one). Other bots, the
/// instruments, prices and FX rates they share, and the import batches stay. Archiving keeps a bot's data;
/// this does not, so callers take a backup first.
/// </summary>
public static class BotRemoval
{
    /// <summary>
    /// The bot's rows, each table's after those that refer to it, so that no foreign key is left pointing at
    /// a deleted row. Lots, a decision's signal links, the change log's entries and the bot's activity go with
    /// the rows they belong to (ON DELETE CASCADE); the decisions' search index follows its table's triggers.
    /// </summary>
    private static readonly (string Table, string Where)[] Tables =
    [
        ("product_checkpoints", "bot_id = @bot"),
        ("product_rollups", "bot_id = @bot"),
        ("daily_rollups", "bot_id = @bot"),
        ("unconverted_fees", "bot_id = @bot"),
        ("fills", "bot_id = @bot"),
        ("cash_flows", "bot_id = @bot"),
        ("position_lots", "position_id IN (SELECT id FROM positions WHERE bot_id = @bot)"),
        ("positions", "bot_id = @bot"),
        ("orders", "bot_id = @bot"),
        ("decision_signals", "bot_id = @bot"),
        ("decisions", "bot_id = @bot"),
        ("signals", "bot_id = @bot"),
        ("equity_snapshots", "bot_id = @bot"),
        ("settings", "scope = @name"),
        ("bot_activity", "bot_id = @bot"),
        ("change_log", "bot_id = @bot"),
        ("bots", "id = @bot"),
    ];

    /// <summary>What <see cref="Delete"/> would remove, counted without changing anything.</summary>
    public static BotRemovalSummary Count(DbConnection connection, DbTransaction? transaction, CallerScope scope, string bot) =>
        Each(connection, transaction, scope, bot, delete: false);

    /// <summary>
    /// Deletes <paramref name="bot"/> and its rows in the caller's transaction. With <paramref name="onlyArchived"/>,
    /// a bot that is not archived is refused (a conflict that says what deleting it would remove).
    /// </summary>
    public static BotRemovalSummary Delete(DbConnection connection, DbTransaction transaction, CallerScope scope, string bot, bool onlyArchived = false)
    {
        if (onlyArchived && !IsArchived(connection, transaction, Find(connection, transaction, scope, bot)))
        {
            throw new TradebookException(ErrorCode.Conflict,
                $"bot '{bot}' is not archived; deleting it removes {Count(connection, transaction, scope, bot).Describe()}", Remedy.ArchiveBot(bot));
        }

        return Each(connection, transaction, scope, bot, delete: true);
    }

    private static BotRow Find(DbConnection connection, DbTransaction? transaction, CallerScope scope, string bot) =>
        Bots.Find(connection, transaction, bot) is { } found && scope.Allows(found) ? found
            : throw new TradebookException(ErrorCode.UnknownBot, $"no bot named '{bot}'", Remedy.ListBots());

    private static bool IsArchived(DbConnection connection, DbTransaction transaction, BotRow row)
    {
        using var command = connection.Command(transaction, "SELECT archived_at IS NOT NULL FROM bots WHERE id = @bot");
        command.Add("@bot", row.Id);
        return Convert.ToBoolean(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static BotRemovalSummary Each(DbConnection connection, DbTransaction? transaction, CallerScope scope, string bot, bool delete)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var row = Find(connection, transaction, scope, bot);
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (table, where) in Tables)
        {
            using var command = connection.Command(transaction, delete ? $"DELETE FROM {table} WHERE {where}" : $"SELECT count(*) FROM {table} WHERE {where}");
            command.Add("@bot", row.Id);
            command.Add("@name", row.Name);
            var affected = delete ? command.ExecuteNonQuery() : Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (affected > 0)
            {
                rows[table] = affected;
            }
        }

        return new BotRemovalSummary(row.Name, rows);
    }
}
