using System.Data.Common;
using System.Globalization;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// The idempotent write every kind of row shares: insert unless the natural key is taken (the
/// database decides, with ON CONFLICT, so two writers recording the same row at once both succeed);
/// when it is taken, read the stored row and either report it as existing or refuse the conflict.
/// </summary>
internal sealed class UniqueRows(WriteContext context, RowCounts counts)
{
    public const string ProvenanceColumns = "source, source_ref, bot_version, strategy_version, import_batch_id, recorded_at";
    public const string ProvenanceValues = "@source, @source_ref, @bot_version, @strategy_version, @import_batch_id, @recorded_at";

    /// <summary>Inserts the row, or checks it against the stored one; true when it was inserted.</summary>
    /// <param name="key">The bot and key that name a row with an id column, or null for rows without one
    /// (price bars, FX rates); <paramref name="selectSql"/> then selects the stored <c>id</c> last.</param>
    public bool Insert(string kind, string what, RowKey? key, string selectSql, Action<DbCommand> bindKey, Func<DbDataReader, IEnumerable<string>> differences, string insertSql, Action<DbCommand> bindRow)
    {
        var fetchId = key is not null && counts.KeepsRows;
        var insert = context.Reused(insertSql + (fetchId ? "\nON CONFLICT DO NOTHING\nRETURNING id" : "\nON CONFLICT DO NOTHING"));
        bindRow(insert);
        long? id = null;
        bool inserted;
        if (fetchId)
        {
            id = insert.ExecuteScalar() is { } returned and not DBNull ? Convert.ToInt64(returned, CultureInfo.InvariantCulture) : null;
            inserted = id is not null;
        }
        else
        {
            inserted = insert.ExecuteNonQuery() == 1;
        }

        if (inserted)
        {
            Counted(kind, key, id, RowOutcome.Inserted);
            return true;
        }

        var select = context.Reused(selectSql);
        bindKey(select);
        using var reader = select.ExecuteReader();
        if (!reader.Read())
        {
            throw new TradebookException(ErrorCode.Conflict, $"{what} could not be recorded: it collides with a stored row under another key; nothing was written");
        }

        var diff = differences(reader).ToList();
        if (diff.Count > 0)
        {
            throw Conflict(what, diff);
        }

        Counted(kind, key, fetchId ? reader.GetInt64(reader.FieldCount - 1) : null, RowOutcome.Existing);
        return false;
    }

    private void Counted(string kind, RowKey? key, long? id, RowOutcome outcome)
    {
        if (key is null)
        {
            counts.Count(kind, inserted: outcome == RowOutcome.Inserted ? 1 : 0, existing: outcome == RowOutcome.Existing ? 1 : 0);
        }
        else
        {
            counts.Count(kind, key.Bot, key.Key, id, outcome);
        }
    }

    /// <summary>Binds the provenance columns, and the session's import batch and recording time.</summary>
    public void AddProvenance(DbCommand command, Provenance? provenance)
    {
        command.Add("@source", provenance?.Source);
        command.Add("@source_ref", provenance?.SourceRef);
        command.Add("@bot_version", provenance?.BotVersion);
        command.Add("@strategy_version", provenance?.StrategyVersion);
        command.Add("@import_batch_id", context.ImportBatchId);
        command.Add("@recorded_at", context.RecordedAt);
    }

    public static TradebookException Conflict(string what, IEnumerable<string> differences) =>
        new(ErrorCode.Conflict, $"{what} is already recorded with different values ({string.Join("; ", differences)}); nothing was written. Record corrections under a new id.");

    /// <summary>The field, when the stored value is not the one given: both as the record format writes them.</summary>
    public static IEnumerable<string> Diff<T>(string field, T stored, T incoming)
    {
        if (!EqualityComparer<T>.Default.Equals(stored, incoming))
        {
            yield return $"{field}: stored {Shown(stored) ?? "null"}, given {Shown(incoming) ?? "null"}";
        }
    }

    /// <summary>
    /// A value as the record format writes it: a time in ISO-8601 UTC to the microsecond it is kept to (a time given
    /// again without its milliseconds must not read as the one stored), a number in invariant digits.
    /// </summary>
    private static string? Shown(object? value) => value switch
    {
        null => null,
        DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>A time as it reads back from the database, which keeps microseconds: the form a given time is compared in.</summary>
    public static DateTimeOffset Micro(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);
}

/// <summary>The bot and the key (the id the bot gave, or a snapshot's time) that name a row with an id.</summary>
internal sealed record RowKey(string Bot, string Key);
