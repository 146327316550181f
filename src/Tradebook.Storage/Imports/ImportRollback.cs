using System.Data.Common;
using System.Globalization;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Changes;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;

namespace Tradebook.Storage.Imports;

/// <summary>
/// Undoes one import in one transaction: deletes the rows it wrote (children before parents) and
/// rebuilds the positions and rollups of every product it touched from the rows that remain.
/// Bots and instruments it created stay: other rows may name them, and they hold no figures. Settings
/// whose value is still the import's go back to what it replaced, or go when it created them
/// (<see cref="SettingRestorer"/>).
/// </summary>
public sealed class ImportRollback(TradebookDatabase database, TimeProvider time)
{
    /// <summary>
    /// Refuses a batch that does not exist or is already rolled back, writing nothing: a caller checks it before it
    /// takes a backup for the rollback.
    /// </summary>
    public void Check(long batchId) => database.Read(connection => Undoable(connection, null, batchId));

    public RollbackReport Run(long batchId) => database.InTransaction((connection, transaction) =>
    {
        var now = time.GetUtcNow();
        var source = Undoable(connection, transaction, batchId);

        var products = Products(connection, transaction, batchId);
        var deleted = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["fills"] = Execute(connection, transaction, "DELETE FROM fills WHERE import_batch_id = @batch", batchId),
            ["cash_flows"] = Execute(connection, transaction, "DELETE FROM cash_flows WHERE import_batch_id = @batch", batchId),
        };

        // Settings go back first: a dust threshold or amount step the batch wrote decides how the products
        // it touched, and any other product of its bot, are rebuilt.
        var dustProducts = DustSettingsOf(connection, transaction, batchId)
            .SelectMany(s => DustSettings.ProductsDecidedBy(connection, transaction, s.Scope, s.Key))
            .Select(p => (p.BotId, p.InstrumentId))
            .ToList();
        var (settingsRestored, settingsDeleted) = SettingRestorer.Undo(connection, transaction, batchId);
        deleted["settings"] = settingsDeleted;

        // Positions are rebuilt before orders go: a remaining fill that executes one of this batch's
        // orders would make the order impossible to delete, and the foreign key says so.
        LedgerRebuild.RebuildProducts(database, connection, transaction, products.Union(dustProducts).ToList(), now);
        Execute(connection, transaction, """
            DELETE FROM decision_signals
            WHERE decision_id IN (SELECT id FROM decisions WHERE import_batch_id = @batch)
               OR signal_id IN (SELECT id FROM signals WHERE import_batch_id = @batch)
            """, batchId);
        // A fill written since that found one of this batch's orders by the exchange's order id goes back to waiting
        // for it; a fill that named the order by the bot's own id keeps the foreign key's refusal.
        Execute(connection, transaction, """
            UPDATE fills SET order_id = NULL
            WHERE exchange_order_id IS NOT NULL
              AND order_id IN (SELECT id FROM orders WHERE import_batch_id = @batch)
            """, batchId);
        deleted["orders"] = Execute(connection, transaction, "DELETE FROM orders WHERE import_batch_id = @batch", batchId);
        deleted["decisions"] = Execute(connection, transaction, "DELETE FROM decisions WHERE import_batch_id = @batch", batchId);
        deleted["signals"] = Execute(connection, transaction, "DELETE FROM signals WHERE import_batch_id = @batch", batchId);
        deleted["snapshots"] = Execute(connection, transaction, "DELETE FROM equity_snapshots WHERE import_batch_id = @batch", batchId);
        deleted["price_bars"] = Execute(connection, transaction, "DELETE FROM price_bars WHERE import_batch_id = @batch", batchId);
        deleted["fx_rates"] = Execute(connection, transaction, "DELETE FROM fx_rates WHERE import_batch_id = @batch", batchId);

        using (var mark = connection.Command(transaction, "UPDATE import_batches SET status = @status, finished_at = @now WHERE id = @batch"))
        {
            mark.Add("@status", ImportBatchStatus.RolledBack.ToText());
            mark.Add("@now", database.Timestamp(now));
            mark.Add("@batch", batchId);
            mark.ExecuteNonQuery();
        }

        ChangeLog.Append(connection, transaction, database, [new Change(ChangeKind.Rollback, null, Math.Max(1, deleted.Values.Sum()))], now);
        return new RollbackReport(batchId, source, deleted.Where(d => d.Value > 0).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal), products.Count, settingsRestored);
    });

    /// <summary>The source of batch <paramref name="batchId"/>, which exists and is not rolled back yet.</summary>
    private static string Undoable(DbConnection connection, DbTransaction? transaction, long batchId)
    {
        using var command = connection.Command(transaction, "SELECT source, status FROM import_batches WHERE id = @batch");
        command.Add("@batch", batchId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new TradebookException(ErrorCode.NotFound, $"no import batch {batchId}");
        }

        var source = reader.GetString(0);
        return EnumText.Parse<ImportBatchStatus>(reader.GetString(1)) == ImportBatchStatus.RolledBack
            ? throw new TradebookException(ErrorCode.InvalidInput, $"import batch {batchId} ({source}) is already rolled back")
            : source;
    }

    private static List<(long BotId, long InstrumentId)> Products(DbConnection connection, DbTransaction transaction, long batchId)
    {
        using var command = connection.Command(transaction, """
            SELECT bot_id, instrument_id FROM fills WHERE import_batch_id = @batch
            UNION
            SELECT bot_id, instrument_id FROM cash_flows WHERE import_batch_id = @batch AND instrument_id IS NOT NULL
            """);
        command.Add("@batch", batchId);
        using var reader = command.ExecuteReader();
        var products = new List<(long, long)>();
        while (reader.Read())
        {
            products.Add((Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)));
        }

        return products;
    }

    /// <summary>The settings whose value is this batch's write and decides dust: undoing them changes products' thresholds.</summary>
    private static List<(string Scope, string Key)> DustSettingsOf(DbConnection connection, DbTransaction transaction, long batchId)
    {
        using var command = connection.Command(transaction, "SELECT scope, key FROM settings WHERE import_batch_id = @batch");
        command.Add("@batch", batchId);
        using var reader = command.ExecuteReader();
        var settings = new List<(string, string)>();
        while (reader.Read())
        {
            if (Core.Accounting.DustThreshold.IsDustKey(reader.GetString(1)))
            {
                settings.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        return settings;
    }

    private static int Execute(DbConnection connection, DbTransaction transaction, string sql, long batchId)
    {
        using var command = connection.Command(transaction, sql);
        command.Add("@batch", batchId);
        return command.ExecuteNonQuery();
    }
}

/// <summary>What a rollback removed.</summary>
public sealed record RollbackReport(long BatchId, string Source, IReadOnlyDictionary<string, int> Deleted, int ProductsRebuilt, int SettingsRestored = 0);
