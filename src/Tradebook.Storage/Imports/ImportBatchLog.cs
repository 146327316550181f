using System.Data.Common;
using System.Globalization;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Imports;

/// <summary>
/// The <c>import_batches</c> row an import writes: started inside the import's transaction (so that a source that
/// fails leaves no batch behind), finished with its report in the same transaction, and given its final report
/// (with the verification made after commit) once the import is visible.
/// </summary>
/// <remarks>The report is the importer's JSON: Storage keeps it and reads its summary back (<see cref="ImportBatches"/>).</remarks>
public static class ImportBatchLog
{
    /// <summary>Adds a running batch for <paramref name="source"/>; returns its id, which every row the import writes names.</summary>
    public static long Start(DbConnection connection, DbTransaction transaction, TradebookDatabase database, string source, string format, DateTimeOffset startedAt)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(database);
        using var insert = connection.Command(transaction, """
            INSERT INTO import_batches (source, format, started_at, status) VALUES (@source, @format, @started_at, @status)
            RETURNING id
            """);
        insert.Add("@source", source);
        insert.Add("@format", format);
        insert.Add("@status", ImportBatchStatus.Running.ToText());
        insert.Add("@started_at", database.Timestamp(startedAt));
        return Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Marks batch <paramref name="batchId"/> done at <paramref name="finishedAt"/>, with the import's report.</summary>
    public static void Finish(DbConnection connection, DbTransaction transaction, TradebookDatabase database, long batchId, DateTimeOffset finishedAt, string reportJson)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(database);
        using var update = connection.Command(transaction, "UPDATE import_batches SET status = @status, finished_at = @finished_at, report = @report WHERE id = @id");
        update.Add("@status", ImportBatchStatus.Done.ToText());
        update.Add("@finished_at", database.Timestamp(finishedAt));
        update.Add("@report", reportJson);
        update.Add("@id", batchId);
        Require(update.ExecuteNonQuery(), batchId);
    }

    /// <summary>Replaces the report of a committed batch, in its own transaction: the verification is made after the import's commit.</summary>
    public static void StoreReport(TradebookDatabase database, long batchId, string reportJson)
    {
        ArgumentNullException.ThrowIfNull(database);
        database.Run(connection =>
        {
            using var update = connection.Command(null, "UPDATE import_batches SET report = @report WHERE id = @id");
            update.Add("@report", reportJson);
            update.Add("@id", batchId);
            Require(update.ExecuteNonQuery(), batchId);
            return 0;
        });
    }

    private static void Require(int changed, long batchId)
    {
        if (changed != 1)
        {
            throw new InvalidOperationException($"import batch {batchId} is not in the store");
        }
    }
}
