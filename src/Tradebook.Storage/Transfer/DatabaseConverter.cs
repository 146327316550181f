using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Tradebook.Core;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Migrations;
using Tradebook.Storage.Schema;

namespace Tradebook.Storage.Transfer;

/// <summary>
/// Moves a whole Tradebook database to another one, on either engine. The source must be at this
/// Tradebook's schema version and the target must hold no Tradebook rows; the target is migrated to
/// the same version, then every table is copied in foreign-key order with its ids, in one transaction
/// on the target (a failure leaves it without rows), from one consistent snapshot of the source.
/// After commit each table is read back and compared with what was read from the source.
/// </summary>
public sealed class DatabaseConverter(TradebookDatabase source, TradebookDatabase target, IMigrationSource migrations, TimeProvider clock)
{
    public DatabaseConverter(TradebookDatabase source, TradebookDatabase target)
        : this(source, target, EmbeddedMigrationSource.Instance, TimeProvider.System)
    {
    }

    /// <summary>Rows per INSERT statement (capped by the engines' parameter limits); null for the target engine's best.</summary>
    public int? RowsPerStatement { get; init; }

    /// <summary>Called after every batch and table, on the converting thread; throwing from it aborts the copy.</summary>
    public Action<TransferProgress>? Progress { get; init; }

    public ConversionReport Convert()
    {
        RefuseSameDatabase();
        var sourceMigrator = new Migrator(source, migrations, clock);
        sourceMigrator.EnsureCurrent();
        var sourceStatus = sourceMigrator.Status();
        var version = sourceStatus.CurrentVersion;

        var created = target.Engine == SqlEngine.Postgres ? PostgresTarget.EnsureExists(target.Target) : !File.Exists(target.Target.FilePath);
        var tableNames = TransferPlanner.FromMigrations(migrations, version).Tables.Keys.ToList();
        RefuseRows(target.Run(c => RowsIn(c, null, tableNames)));

        var targetMigrator = new Migrator(target, migrations, clock);
        targetMigrator.Migrate(version);
        var targetVersions = targetMigrator.Status().Applied.Select(a => a.Version).ToList();
        var sourceVersions = sourceStatus.Applied.Select(a => a.Version).ToList();
        if (!targetVersions.SequenceEqual(sourceVersions))
        {
            throw new TradebookException(ErrorCode.Drift, $"{target.Target.Display} has migrations {string.Join(", ", targetVersions)} applied, the source {string.Join(", ", sourceVersions)}; they must match to copy");
        }

        var plan = TransferPlanner.Plan(
            migrations,
            version,
            source.Run(c => SchemaInspector.Inspect(c, source.Engine)),
            target.Run(c => SchemaInspector.Inspect(c, target.Engine)),
            source.Engine,
            target.Engine);

        var watch = Stopwatch.StartNew();
        var copied = Copy(plan);
        var copyMs = watch.ElapsedMilliseconds;
        watch.Restart();
        var checks = Verify(plan, copied);

        // The copy is the source at one moment; rows written since are not in it, and must not be lost silently.
        var now = source.Run(c => RowsIn(c, null, plan.Tables.Select(t => t.Name)));
        var written = plan.Tables
            .Select((t, i) => (t.Name, Added: now[t.Name] - copied[i].Rows))
            .Where(t => t.Added > 0)
            .Select(t => $"{t.Added} {(t.Added == 1 ? "row was" : "rows were")} written to {t.Name} of the source during the copy and {(t.Added == 1 ? "is" : "are")} not in the target")
            .ToList();
        return new ConversionReport(source.Target.Display, target.Target.Display, version, created, checks, plan.Warnings, copyMs, watch.ElapsedMilliseconds)
        {
            WrittenDuringCopy = written,
        };
    }

    private void RefuseSameDatabase()
    {
        var same = source.Engine == target.Engine && (source.Engine == SqlEngine.Sqlite
            ? string.Equals(Path.GetFullPath(source.Target.FilePath!), Path.GetFullPath(target.Target.FilePath!), StringComparison.Ordinal)
            : source.Target.Display == target.Target.Display);
        if (same)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"the source and the target are the same database ({source.Target.Display})", new Remedy(RemedyKind.ChooseConversionTarget));
        }
    }

    private void RefuseRows(IReadOnlyDictionary<string, long> rows)
    {
        var full = rows.Where(r => r.Value > 0).ToList();
        if (full.Count > 0)
        {
            throw new TradebookException(ErrorCode.Conflict, $"{target.Target.Display} already holds Tradebook rows ({string.Join(", ", full.Select(r => $"{r.Key}: {r.Value}"))}); convert only writes into an empty database, so nothing was changed", new Remedy(RemedyKind.ChooseConversionTarget));
        }
    }

    /// <summary>Copies every table in one target transaction; returns each table's source row count and fingerprints.</summary>
    private List<(long Rows, ColumnFingerprint[] Columns)> Copy(TransferPlan plan)
    {
        var results = new List<(long, ColumnFingerprint[])>();
        using var read = source.Open();
        using var write = target.Open();
        try
        {
            using var snapshot = BeginSnapshot(read);
            using var transaction = write.BeginTransaction();

            // Again under the target's write lock: a writer may have arrived since the first check.
            RefuseRows(RowsIn(write, transaction, plan.Tables.Select(t => t.Name)));
            for (var index = 0; index < plan.Tables.Count; index++)
            {
                results.Add(CopyTable(plan.Tables[index], index, plan.Tables.Count, read, snapshot, write, transaction));
            }

            if (target.Engine == SqlEngine.Postgres)
            {
                PostgresTarget.ResetSequences(write, transaction, plan.Tables.Select(t => t.Name));
            }

            transaction.Commit();
        }
        catch (Exception e) when (e is DbException or IOException)
        {
            // Disposing the transaction has rolled the copy back; say so with the engine's own advice.
            var translated = target.Translate(e);
            throw new TradebookException(
                translated is TradebookException t ? t.Code : ErrorCode.CannotOpen,
                $"convert failed and was rolled back, {target.Target.Display} holds no Tradebook rows: {translated.Message}",
                e);
        }

        return results;
    }

    private (long Rows, ColumnFingerprint[] Columns) CopyTable(TransferTable table, int index, int count, DbConnection read, DbTransaction snapshot, DbConnection write, DbTransaction transaction)
    {
        var total = RowsIn(read, snapshot, [table.Name])[table.Name];
        var digests = table.Columns.Select(c => new ColumnDigest(c)).ToArray();
        Progress?.Invoke(new TransferProgress(TransferStage.Copy, table.Name, index, count, 0, total, false));
        using var copier = new TableCopier(target, write, transaction, table, TableCopier.RowsPerStatement(table, RowsPerStatement ?? TableCopier.DefaultRowsPerStatement(target.Engine)));
        using var select = read.Command(snapshot, SelectSql(table, source.Engine));
        using var reader = select.ExecuteReader();
        var rows = 0L;
        while (reader.Read())
        {
            var values = new object[table.Columns.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var raw = reader.GetValue(i);
                try
                {
                    digests[i].Add(raw);
                    values[i] = ValueConversion.ToTarget(raw, table.Columns[i], target);
                }
                catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
                {
                    throw new TradebookException(ErrorCode.InvalidInput, $"convert failed and was rolled back, {target.Target.Display} holds no Tradebook rows: {table.Name}.{table.Columns[i].Name} of the row with {table.Columns[0].Name} = {reader.GetValue(0)} cannot be stored as {table.Columns[i].Kind.ToString().ToLowerInvariant()}: {e.Message}", e);
                }
            }

            rows++;
            if (copier.Add(values))
            {
                Progress?.Invoke(new TransferProgress(TransferStage.Copy, table.Name, index, count, rows, total, false));
            }
        }

        copier.Flush();
        Progress?.Invoke(new TransferProgress(TransferStage.Copy, table.Name, index, count, rows, total, true));
        return (rows, digests.Select(d => d.Result()).ToArray());
    }

    /// <summary>Reads every copied table back from the committed target and compares it with the source's fingerprints.</summary>
    private List<TableCheck> Verify(TransferPlan plan, List<(long Rows, ColumnFingerprint[] Columns)> copied) =>
        target.Run(connection =>
        {
            var checks = new List<TableCheck>();
            for (var index = 0; index < plan.Tables.Count; index++)
            {
                var table = plan.Tables[index];
                var digests = table.Columns.Select(c => new ColumnDigest(c)).ToArray();
                using var select = connection.Command(null, SelectSql(table, target.Engine));
                using var reader = select.ExecuteReader();
                var rows = 0L;
                while (reader.Read())
                {
                    rows++;
                    for (var i = 0; i < digests.Length; i++)
                    {
                        digests[i].Add(reader.GetValue(i));
                    }
                }

                var (sourceRows, sourceColumns) = copied[index];
                checks.Add(new TableCheck(table.Name, sourceRows, rows, table.Columns.Select((c, i) => new ColumnCheck(c.Name, c.Kind, sourceColumns[i], digests[i].Result())).ToList()));
                Progress?.Invoke(new TransferProgress(TransferStage.Verify, table.Name, index, plan.Tables.Count, rows, sourceRows, true));
            }

            return checks;
        });

    /// <summary>
    /// A read transaction that sees one moment of the source: deferred on SQLite (WAL readers never
    /// block its writers), REPEATABLE READ and READ ONLY on PostgreSQL.
    /// </summary>
    private static DbTransaction BeginSnapshot(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            return sqlite.BeginTransaction(deferred: true);
        }

        var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        using var readOnly = connection.Command(transaction, "SET TRANSACTION READ ONLY");
        readOnly.ExecuteNonQuery();
        return transaction;
    }

    // PostgreSQL's NUMERIC is read as its text so that no digit is lost to decimal's 28.
    private static string SelectSql(TransferTable table, SqlEngine engine) =>
        $"SELECT {string.Join(", ", table.Columns.Select(c => engine == SqlEngine.Postgres && c.Kind == ColumnKind.Decimal ? $"{Sql.Quote(c.Name)}::text" : Sql.Quote(c.Name)))} FROM {Sql.Quote(table.Name)}";

    /// <summary>Rows in each of <paramref name="tables"/> that exists; a missing table holds none.</summary>
    private IReadOnlyDictionary<string, long> RowsIn(DbConnection connection, DbTransaction? transaction, IEnumerable<string> tables)
    {
        var existing = SchemaInspector.Inspect(connection, connection is SqliteConnection ? SqlEngine.Sqlite : SqlEngine.Postgres, transaction).Tables;
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            if (!existing.ContainsKey(table))
            {
                rows[table] = 0;
                continue;
            }

            using var count = connection.Command(transaction, $"SELECT count(*) FROM {Sql.Quote(table)}");
            rows[table] = System.Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        return rows;
    }
}
