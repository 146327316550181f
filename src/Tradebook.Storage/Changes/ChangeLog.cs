using System.Data.Common;
using System.Globalization;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;

namespace Tradebook.Storage.Changes;

/// <summary>
/// The log of committed changes the event stream follows. Every writer appends to it in its own
/// transaction, as the last thing before its commit: the server, <c>tradebook record</c>, an import,
/// a rollback. So no process can change the ledger without the stream hearing of it, and nothing is
/// announced that did not commit. One entry per kind, bot and transaction, never one per row.
/// </summary>
public static class ChangeLog
{
    /// <summary>The PostgreSQL channel on which every append is announced when its transaction commits.</summary>
    public const string Channel = "tradebook_changes";

    /// <summary>What recording <paramref name="batch"/> changes, per kind and bot.</summary>
    public static IReadOnlyList<Change> Of(LedgerBatch batch)
    {
        var changes = new List<Change>();
        void Add<T>(ChangeKind kind, IEnumerable<T> rows, Func<T, string?> bot) =>
            changes.AddRange(rows.GroupBy(bot).Select(g => new Change(kind, g.Key, g.Count())));
        Add(ChangeKind.Signal, batch.Signals, r => r.Bot);
        Add(ChangeKind.Decision, batch.Decisions, r => r.Bot);
        Add(ChangeKind.Order, batch.Orders, r => r.Bot);
        Add(ChangeKind.Fill, batch.Fills, r => r.Bot);
        Add(ChangeKind.CashFlow, batch.CashFlows, r => r.Bot);
        Add(ChangeKind.Snapshot, batch.Snapshots, r => r.Bot);
        Add(ChangeKind.PriceBar, batch.PriceBars, _ => null);
        Add(ChangeKind.FxRate, batch.FxRates, _ => null);
        Add(ChangeKind.Setting, batch.Settings, _ => null);
        return changes;
    }

    /// <summary>
    /// Appends <paramref name="changes"/> in the caller's transaction, and marks each bot that wrote as active now:
    /// not a bot whose rows an import brought or a rollback took away, which says nothing of whether it runs.
    /// Call it last before the commit: on PostgreSQL it holds a lock until then, so that a reader that has
    /// seen id N never later finds a smaller id committed.
    /// </summary>
    public static void Append(DbConnection connection, DbTransaction transaction, TradebookDatabase database, IEnumerable<Change> changes, DateTimeOffset now)
    {
        // One row per kind of change per bot per transaction: the requests of a group commit that wrote
        // fills of one bot are one entry, whose count is theirs together.
        var list = changes.Where(c => c.Count > 0)
            .GroupBy(c => (c.Kind, c.Bot))
            .Select(g => new Change(g.Key.Kind, g.Key.Bot, g.Sum(c => c.Count)))
            .ToList();
        if (list.Count == 0)
        {
            return;
        }

        if (database.Engine == SqlEngine.Postgres)
        {
            // A transaction-scoped advisory lock orders the appends. It belongs to the PostgreSQL database, not
            // to the schema, so its key names the schema: another Tradebook database kept beside this one never waits.
            using var lockCommand = connection.Command(transaction, "SELECT pg_advisory_xact_lock(hashtextextended('tradebook.change_log.' || current_schema(), 0))");
            lockCommand.ExecuteNonQuery();
        }

        var at = database.Timestamp(now);
        using var insert = connection.Command(transaction, """
            INSERT INTO change_log (at, kind, bot_id, count)
            VALUES (@at, @kind, (SELECT id FROM bots WHERE name = @bot), @count)
            """);
        insert.Add("@at", at);
        var kind = insert.Add("@kind");
        var bot = insert.Add("@bot");
        var count = insert.Add("@count");
        foreach (var change in list)
        {
            kind.Value = change.Kind.ToText();
            bot.Value = (object?)change.Bot ?? DBNull.Value;
            count.Value = change.Count;
            insert.ExecuteNonQuery();
        }

        if (database.Engine == SqlEngine.Postgres)
        {
            // Delivered to every listening server when this transaction commits, and never if it rolls back.
            using var notify = connection.Command(transaction, $"SELECT pg_notify('{Channel}', current_schema())");
            notify.ExecuteNonQuery();
        }

        using var active = connection.Command(transaction, """
            INSERT INTO bot_activity (bot_id, last_write_at)
            SELECT id, @at FROM bots WHERE name = @bot
            ON CONFLICT (bot_id) DO UPDATE SET last_write_at = excluded.last_write_at
            """);
        active.Add("@at", at);
        var activeBot = active.Add("@bot");
        foreach (var name in list.Where(c => c.Bot is not null && c.Kind is not (ChangeKind.Heartbeat or ChangeKind.Import or ChangeKind.Rollback)).Select(c => c.Bot).Distinct(StringComparer.Ordinal))
        {
            activeBot.Value = name;
            active.ExecuteNonQuery();
        }
    }

    /// <summary>The committed changes after <paramref name="afterId"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public static IReadOnlyList<ChangeEvent> After(DbConnection connection, long afterId, int limit)
    {
        using var command = connection.Command(null, """
            SELECT c.id, c.kind, b.name, c.count, c.at
            FROM change_log c
            LEFT JOIN bots b ON b.id = c.bot_id
            WHERE c.id > @after
            ORDER BY c.id
            LIMIT @limit
            """);
        command.Add("@after", afterId);
        command.Add("@limit", limit);
        var events = new List<ChangeEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            // A kind this version does not know (written by a newer Tradebook) is skipped, not fatal.
            if (ChangeKindText.TryParse(reader.GetString(1), out var kind))
            {
                events.Add(new ChangeEvent(reader.GetInt64(0), kind, reader.GetStringOrNull(2), reader.GetInt32(3), StoredTime.Read(reader.GetValue(4))));
            }
        }

        return events;
    }

    /// <summary>The newest id in the log, and the oldest still kept (0 and 0 when the log is empty).</summary>
    public static (long Oldest, long Newest) Bounds(DbConnection connection)
    {
        using var command = connection.Command(null, "SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM change_log");
        using var reader = command.ExecuteReader();
        reader.Read();
        return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The bots whose history (fills, positions, snapshots…) changed after <paramref name="afterId"/>, and
    /// the newest id; the bots are null when any may have changed: the id is older than the log keeps, the
    /// log was replaced, or a change names no bot. Heartbeats, price bars and FX rates change no history;
    /// nor do signals, decisions and orders, from which no figure of a bot's performance is derived (an
    /// LLM-driven bot that decides to hold writes a decision every turn). Its cost follows what changed
    /// since, not what the log or the ledger holds.
    /// </summary>
    public static (long Newest, IReadOnlySet<string>? Bots) HistoryChangedAfter(DbConnection connection, long afterId)
    {
        var (oldest, newest) = Bounds(connection);
        if (afterId > newest || (oldest > afterId + 1 && newest > afterId))
        {
            return (newest, null);
        }

        using var command = connection.Command(null, """
            SELECT DISTINCT c.kind, b.name
            FROM change_log c
            LEFT JOIN bots b ON b.id = c.bot_id
            WHERE c.id > @after AND c.id <= @newest
              AND c.kind NOT IN (@heartbeat, @price_bar, @fx_rate, @signal, @decision, @order)
            """);
        command.Add("@after", afterId);
        command.Add("@newest", newest);
        command.Add("@heartbeat", ChangeKind.Heartbeat.ToText());
        command.Add("@price_bar", ChangeKind.PriceBar.ToText());
        command.Add("@fx_rate", ChangeKind.FxRate.ToText());
        command.Add("@signal", ChangeKind.Signal.ToText());
        command.Add("@decision", ChangeKind.Decision.ToText());
        command.Add("@order", ChangeKind.Order.ToText());
        var bots = new HashSet<string>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (reader.GetStringOrNull(1) is not { } bot)
            {
                return (newest, null);
            }

            bots.Add(bot);
        }

        return (newest, bots);
    }

    /// <summary>Deletes entries older than <paramref name="before"/>, always keeping the newest <paramref name="keepAtLeast"/>.</summary>
    public static int Trim(TradebookDatabase database, DateTimeOffset before, int keepAtLeast) =>
        database.InTransaction((connection, transaction) =>
        {
            using var command = connection.Command(transaction, """
                DELETE FROM change_log
                WHERE at < @before
                  AND id <= (SELECT coalesce(max(id), 0) FROM change_log) - @keep
                """);
            command.Add("@before", database.Timestamp(before));
            command.Add("@keep", keepAtLeast);
            return command.ExecuteNonQuery();
        });
}
