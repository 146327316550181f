using Tradebook.Core;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Settings are the one mutable kind, last write wins: a new key is inserted, the same value changes
/// nothing, another value replaces the stored one. <c>settings.import_batch_id</c> names the import
/// whose write the value is; when an import replaces a value, the value it replaced is kept in
/// <c>import_replaced_settings</c>, so that rolling the import back restores it. A setting that decides
/// dust (<see cref="DustThreshold.IsDustKey"/>) must hold such a quantity, and is returned when it changed:
/// the products it decides are then derived again.
/// </summary>
internal sealed class SettingsRecorder(WriteContext context, RowCounts counts)
{
    /// <summary>Records the settings; returns those that decide dust and changed.</summary>
    public IReadOnlyList<Setting> Record(IReadOnlyList<Setting> settings)
    {
        var dustChanged = new List<Setting>();
        foreach (var s in settings)
        {
            if (DustThreshold.IsDustKey(s.Key) && DustThreshold.Parse(s.Key, s.Value, out var problem) is null)
            {
                throw new TradebookException(ErrorCode.InvalidInput, $"{problem} (scope '{s.Scope}')");
            }

            var find = context.Reused("SELECT value, updated_at, import_batch_id FROM settings WHERE scope = @scope AND key = @key");
            find.Add("@scope", s.Scope);
            find.Add("@key", s.Key);
            string? stored = null;
            object? storedAt = null;
            long? storedBatch = null;
            using (var reader = find.ExecuteReader())
            {
                if (reader.Read())
                {
                    (stored, storedAt, storedBatch) = (reader.GetString(0), reader.GetValue(1), reader.GetInt64OrNull(2));
                }
            }

            if (stored == s.Value)
            {
                counts.Count("settings", existing: 1);
                continue;
            }

            if (stored is not null && context.ImportBatchId is not null)
            {
                // The first value this import replaced is the one a rollback restores.
                var keep = context.Reused("""
                    INSERT INTO import_replaced_settings (import_batch_id, scope, key, value, updated_at, previous_batch_id)
                    VALUES (@batch, @scope, @key, @value, @updated_at, @previous)
                    ON CONFLICT (import_batch_id, scope, key) DO NOTHING
                    """);
                keep.Add("@batch", context.ImportBatchId);
                keep.Add("@scope", s.Scope);
                keep.Add("@key", s.Key);
                keep.Add("@value", stored);
                keep.Add("@updated_at", storedAt);
                keep.Add("@previous", storedBatch);
                keep.ExecuteNonQuery();
            }

            var write = context.Reused(stored is null
                ? "INSERT INTO settings (scope, key, value, updated_at, import_batch_id) VALUES (@scope, @key, @value, @now, @import_batch_id)"
                : "UPDATE settings SET value = @value, updated_at = @now, import_batch_id = @import_batch_id WHERE scope = @scope AND key = @key");
            write.Add("@scope", s.Scope);
            write.Add("@key", s.Key);
            write.Add("@value", s.Value);
            write.Add("@now", context.RecordedAt);
            write.Add("@import_batch_id", context.ImportBatchId);
            write.ExecuteNonQuery();
            counts.Count("settings", inserted: stored is null ? 1 : 0, updated: stored is null ? 0 : 1);
            if (DustThreshold.IsDustKey(s.Key))
            {
                dustChanged.Add(s);
            }
        }

        return dustChanged;
    }
}
