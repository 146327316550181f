using System.Data.Common;
using System.Globalization;
using Tradebook.Core;
using Tradebook.Storage.Access;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>What deleting a bot removes, or removed: its rows in each table that held any.</summary>
public sealed record BotRemovalSummary(string Bot, IReadOnlyDictionary<string, long> Rows);

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

    /// <summary>Deletes <paramref name="bot"/> and its rows in the caller's transaction.</summary>
    public static BotRemovalSummary Delete(DbConnection connection, DbTransaction transaction, CallerScope scope, string bot) =>
        Each(connection, transaction, scope, bot, delete: true);

    private static BotRemovalSummary Each(DbConnection connection, DbTransaction? transaction, CallerScope scope, string bot, bool delete)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var row = Bots.Find(connection, transaction, bot) is { } found && scope.Allows(found) ? found
            : throw new TradebookException(ErrorCode.UnknownBot, $"no bot named '{bot}'", Remedy.ListBots());
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
