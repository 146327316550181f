using System.Data.Common;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Imports;

/// <summary>
/// Undoes an import's writes to settings. A setting whose value is still the import's own goes back to
/// what the import replaced, or goes when the import created it. A value the import replaced that a
/// rolled-back import had written is undone in turn, back to the last value no rolled-back import wrote.
/// A setting written again after the import keeps that later value: the last write wins.
/// </summary>
internal static class SettingRestorer
{
    /// <summary>Restores the settings <paramref name="batchId"/> wrote; returns how many were restored and deleted.</summary>
    public static (int Restored, int Deleted) Undo(DbConnection connection, DbTransaction transaction, long batchId)
    {
        var written = new List<(string Scope, string Key)>();
        using (var find = connection.Command(transaction, "SELECT scope, key FROM settings WHERE import_batch_id = @batch"))
        {
            find.Add("@batch", batchId);
            using var reader = find.ExecuteReader();
            while (reader.Read())
            {
                written.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var (restored, deleted) = (0, 0);
        foreach (var (scope, key) in written)
        {
            if (ValueBefore(connection, transaction, batchId, scope, key) is { } before)
            {
                using var restore = connection.Command(transaction, "UPDATE settings SET value = @value, updated_at = @updated_at, import_batch_id = @writer WHERE scope = @scope AND key = @key");
                restore.Add("@value", before.Value);
                restore.Add("@updated_at", before.UpdatedAt);
                restore.Add("@writer", before.Writer);
                restore.Add("@scope", scope);
                restore.Add("@key", key);
                restore.ExecuteNonQuery();
                restored++;
            }
            else
            {
                using var delete = connection.Command(transaction, "DELETE FROM settings WHERE scope = @scope AND key = @key");
                delete.Add("@scope", scope);
                delete.Add("@key", key);
                delete.ExecuteNonQuery();
                deleted++;
            }
        }

        return (restored, deleted);
    }

    /// <summary>The value before <paramref name="batchId"/> and every rolled-back import before it wrote; null when one of them created the setting.</summary>
    private static (string Value, object UpdatedAt, long? Writer)? ValueBefore(DbConnection connection, DbTransaction transaction, long batchId, string scope, string key)
    {
        long? batch = batchId;
        while (batch is { } current)
        {
            using var command = connection.Command(transaction, """
                SELECT r.value, r.updated_at, r.previous_batch_id, b.status
                FROM import_replaced_settings r
                LEFT JOIN import_batches b ON b.id = r.previous_batch_id
                WHERE r.import_batch_id = @batch AND r.scope = @scope AND r.key = @key
                """);
            command.Add("@batch", current);
            command.Add("@scope", scope);
            command.Add("@key", key);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var (value, updatedAt, writer) = (reader.GetString(0), reader.GetValue(1), reader.GetInt64OrNull(2));
            if (writer is null || EnumText.Parse<ImportBatchStatus>(reader.GetString(3)) != ImportBatchStatus.RolledBack)
            {
                return (value, updatedAt, writer);
            }

            batch = writer;
        }

        return null;
    }
}
