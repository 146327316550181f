using System.Data.Common;
using Tradebook.Core.Domain;
using Tradebook.Core.Time;
using Tradebook.Storage.Changes;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>Tradebook's write side: bots and batches of records, each call one transaction.</summary>
public sealed class Ledger(TradebookDatabase database, IClock clock)
{
    public TradebookDatabase Database => database;

    public (BotRow Bot, bool Inserted) AddBot(BotSpec spec) =>
        database.InTransaction((connection, transaction) =>
        {
            var now = clock.UtcNow;
            var added = Bots.Add(connection, transaction, database, spec, now);
            if (added.Inserted)
            {
                ChangeLog.Append(connection, transaction, database, [new Change(ChangeKind.Bot, spec.Name, 1)], now);
            }

            return added;
        });

    public IReadOnlyList<BotRow> ListBots() => database.Run(connection => Bots.List(connection));

    /// <summary>
    /// Records a batch atomically: every row, with its positions and rollups, or nothing; the change
    /// log hears of it in the same transaction.
    /// </summary>
    public RecordSummary Record(LedgerBatch batch) =>
        database.InTransaction((connection, transaction) =>
        {
            var summary = Record(connection, transaction, batch);
            ChangeLog.Append(connection, transaction, database, ChangeLog.Of(batch), clock.UtcNow);
            return summary;
        });

    /// <summary>
    /// Records a batch inside a caller's transaction (an import that also writes its own rows), which
    /// appends to the change log itself before it commits;
    /// <paramref name="fillsRecorded"/> is told how many fills are recorded so far, for a progress bar.
    /// </summary>
    public RecordSummary Record(DbConnection connection, DbTransaction transaction, LedgerBatch batch, long? importBatchId = null, Action<int>? fillsRecorded = null)
    {
        using var recorder = Open(connection, transaction, importBatchId, fillsRecorded);
        recorder.Record(batch);
        return recorder.Summary;
    }

    /// <summary>
    /// A recorder for several batches inside a caller's transaction; <paramref name="fillsRecorded"/> is
    /// told how many fills all of them recorded so far.
    /// </summary>
    public LedgerRecorder Open(DbConnection connection, DbTransaction transaction, long? importBatchId = null, Action<int>? fillsRecorded = null) =>
        new(new BatchWriter(database, connection, transaction, clock.UtcNow, importBatchId, fillsRecorded));
}
