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
    public void Check(long batchId) => database.Read(connection =>
    {
        Undoable(connection, null, batchId);
        RefuseIfNamedSince(connection, null, batchId);
        RefuseIfChangedSince(connection, null, batchId);
        return true;
    });

    public RollbackReport Run(long batchId) => database.InTransaction((connection, transaction) =>
    {
        var now = time.GetUtcNow();
        var source = Undoable(connection, transaction, batchId);
        RefuseIfNamedSince(connection, transaction, batchId);
        RefuseIfChangedSince(connection, transaction, batchId);

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
        // A fill written since that executes one of this batch's orders goes back to waiting for it by the exchange's
        // order id, its own or the order's (RefuseIfNamedSince made sure there is one): importing the batch again links it.
        Execute(connection, transaction, """
            UPDATE fills
            SET exchange_order_id = COALESCE(exchange_order_id, (SELECT o.exchange_order_id FROM orders o WHERE o.id = fills.order_id)),
                order_id = NULL
            WHERE order_id IN (SELECT id FROM orders WHERE import_batch_id = @batch)
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

    /// <summary>
    /// Refuses the rollback when one of the batch's orders was changed since by anyone but the batch itself (a bot that
    /// recorded its fill or cancel, another import): deleting it would lose that change, and importing the batch again
    /// would bring back the status it had.
    /// </summary>
    private static void RefuseIfChangedSince(DbConnection connection, DbTransaction? transaction, long batchId)
    {
        using var command = connection.Command(transaction, """
            SELECT o.client_order_id, b.name, o.status, o.changed_by_import_batch_id
            FROM orders o
            JOIN bots b ON b.id = o.bot_id
            WHERE o.import_batch_id = @batch
              AND o.changed_at IS NOT NULL
              AND (o.changed_by_import_batch_id IS NULL OR o.changed_by_import_batch_id <> @batch)
            LIMIT 1
            """);
        command.Add("@batch", batchId);
        using var reader = command.ExecuteReader();
        if (reader.Read())
        {
            var by = reader.IsDBNull(3) ? "by the bot" : $"by import batch {reader.GetInt64(3)}";
            throw new TradebookException(ErrorCode.Conflict,
                $"import batch {batchId} cannot be rolled back: its order '{reader.GetString(0)}' of bot '{reader.GetString(1)}' was changed since {by} (its status is now " +
                $"'{reader.GetString(2)}'), which the rollback would lose; nothing was changed and the import stays");
        }
    }

    /// <summary>
    /// Refuses the rollback when a row recorded since names one of the batch's rows in a way that would name nothing after
    /// it: a fill executing one of its orders with no exchange id to wait for it by, an order placed by one of its
    /// decisions, a decision citing one of its signals. Deleting any would need the later row changed or its link lost;
    /// the import stays instead, unchanged.
    /// </summary>
    private static void RefuseIfNamedSince(DbConnection connection, DbTransaction? transaction, long batchId)
    {
        using var command = connection.Command(transaction, """
            SELECT 'fill', f.external_id, b.name, 'order', o.client_order_id
            FROM fills f
            JOIN orders o ON o.id = f.order_id
            JOIN bots b ON b.id = f.bot_id
            WHERE o.import_batch_id = @batch
              AND (f.import_batch_id IS NULL OR f.import_batch_id <> @batch)
              AND f.exchange_order_id IS NULL
              AND o.exchange_order_id IS NULL
            UNION ALL
            SELECT 'order', o.client_order_id, b.name, 'decision', d.external_id
            FROM orders o
            JOIN decisions d ON d.id = o.decision_id
            JOIN bots b ON b.id = o.bot_id
            WHERE d.import_batch_id = @batch
              AND (o.import_batch_id IS NULL OR o.import_batch_id <> @batch)
            UNION ALL
            SELECT 'decision', d.external_id, b.name, 'signal', s.external_id
            FROM decision_signals ds
            JOIN decisions d ON d.id = ds.decision_id
            JOIN signals s ON s.id = ds.signal_id
            JOIN bots b ON b.id = d.bot_id
            WHERE s.import_batch_id = @batch
              AND (d.import_batch_id IS NULL OR d.import_batch_id <> @batch)
            LIMIT 1
            """);
        command.Add("@batch", batchId);
        using var reader = command.ExecuteReader();
        if (reader.Read())
        {
            throw new TradebookException(ErrorCode.Conflict,
                $"import batch {batchId} cannot be rolled back: {reader.GetString(0)} '{reader.GetString(1)}' of bot '{reader.GetString(2)}', recorded since, " +
                $"names its {reader.GetString(3)} '{reader.GetString(4)}', which would be deleted; nothing was changed and the import stays");
        }
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
