using System.Data.Common;
using System.Globalization;
using Tradebook.Core;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Access;
using Tradebook.Storage.Changes;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>Tradebook's write side: bots and batches of records, each call one transaction.</summary>
public sealed class LedgerWriter(TradebookDatabase database, TimeProvider clock)
{
    public TradebookDatabase Database => database;

    /// <summary>
    /// Fills between two checkpoints of a product's book, from which a late fill or cash flow is replayed;
    /// 1,000 unless a test wants them closer together.
    /// </summary>
    public int CheckpointInterval { get; init; } = ProductCheckpoints.DefaultInterval;

    public (BotRow Bot, bool Inserted) AddBot(BotSpec spec) =>
        database.InTransaction((connection, transaction) =>
        {
            var now = clock.GetUtcNow();
            var added = Bots.Add(connection, transaction, database, spec, now);
            if (added.Inserted)
            {
                ChangeLog.Append(connection, transaction, database, [new Change(ChangeKind.Bot, spec.Name, 1)], now);
            }

            return added;
        });

    public IReadOnlyList<BotRow> ListBots() => database.Run(connection => Bots.List(connection));

    /// <summary>Pauses or resumes a bot (resuming also brings back an archived one): <see cref="BotLifecycle"/>.</summary>
    public void SetPaused(string bot, bool paused) =>
        Logged((connection, transaction, now) => BotLifecycle.SetPaused(connection, transaction, database, CallerScope.LocalOwner, bot, paused, now));

    /// <summary>Hides a bot from lists; its data stays.</summary>
    public void Archive(string bot) =>
        Logged((connection, transaction, now) => BotLifecycle.Archive(connection, transaction, database, CallerScope.LocalOwner, bot, now));

    /// <summary>What <see cref="DeleteBot"/> would remove, counted without changing anything.</summary>
    public BotRemovalSummary CountBotRows(string bot) =>
        database.Run(connection => BotRemoval.Count(connection, null, CallerScope.LocalOwner, bot));

    /// <summary>
    /// Deletes a bot and every row recorded for it or derived from it (<see cref="BotRemoval"/>). The change log's
    /// entry names no bot, as the bot is gone: a screen following the stream reloads what it shows.
    /// </summary>
    public BotRemovalSummary DeleteBot(string bot) =>
        database.InTransaction((connection, transaction) =>
        {
            var removed = BotRemoval.Delete(connection, transaction, CallerScope.LocalOwner, bot);
            ChangeLog.Append(connection, transaction, database, [new Change(ChangeKind.Bot, null, 1)], clock.GetUtcNow());
            return removed;
        });

    private void Logged(Func<DbConnection, DbTransaction, DateTimeOffset, Change> change) =>
        database.InTransaction((connection, transaction) =>
        {
            var now = clock.GetUtcNow();
            ChangeLog.Append(connection, transaction, database, [change(connection, transaction, now)], now);
            return 0;
        });

    /// <summary>
    /// Sets what decides a bot's dust: its threshold where no amount step is known (<paramref name="symbol"/>
    /// null; zero turns the rule off), or its amount step on <paramref name="symbol"/>. The products it decides
    /// are derived again in the same transaction, like any change of these settings.
    /// </summary>
    public DustChange SetDust(string bot, decimal quantity, string? symbol = null) =>
        database.InTransaction((connection, transaction) =>
        {
            _ = Bots.Find(connection, transaction, bot)
                ?? throw new TradebookException(ErrorCode.UnknownBot, $"unknown bot '{bot}'", Remedy.AddBot(bot));
            var key = symbol is null ? DustThreshold.BotKey : DustThreshold.StepKey(StoredSymbol(connection, transaction, symbol));
            var value = (quantity / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
            var products = DustSettings.ProductsDecidedBy(connection, transaction, bot, key).Count;
            var batch = new LedgerBatch { Settings = [new Setting(bot, key, value)] };
            var changed = Record(connection, transaction, batch)["settings"].Existing == 0;
            if (changed)
            {
                ChangeLog.Append(connection, transaction, database, ChangeLog.Of(batch), clock.GetUtcNow());
            }

            return new DustChange(bot, key, value, changed, changed ? products : 0);
        });

    /// <summary>
    /// Records a batch atomically: every row, with its positions and rollups, or nothing; the change
    /// log hears of it in the same transaction.
    /// </summary>
    public RecordSummary Record(LedgerBatch batch) =>
        database.InTransaction((connection, transaction) =>
        {
            var summary = Record(connection, transaction, batch);
            ChangeLog.Append(connection, transaction, database, ChangeLog.Of(batch), clock.GetUtcNow());
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
    /// told how many fills all of them recorded so far; <paramref name="detail"/> says whether its summary
    /// names each keyed row with its id (a server's answer) or only counts (an import of millions);
    /// <paramref name="cache"/>, what earlier transactions on this connection loaded, once the caller
    /// has <see cref="LedgerCache.Check">checked</see> it in this one; <paramref name="lockWaits"/>, how long it
    /// waits on PostgreSQL for a product another transaction holds (the busy timeout when null).
    /// </summary>
    public LedgerRecorder Open(
        DbConnection connection, DbTransaction transaction, long? importBatchId = null, Action<int>? fillsRecorded = null, RecordDetail detail = RecordDetail.Counts,
        LedgerCache? cache = null, OutOfOrderLock outOfOrder = OutOfOrderLock.Wait, LockWaits? lockWaits = null) =>
        new(new BatchWriter(database, connection, transaction, clock.GetUtcNow(), importBatchId, fillsRecorded, detail, CheckpointInterval, cache, outOfOrder, lockWaits));

    /// <summary>The symbol as its instrument is stored (btc/usdt names BTC/USDT), or as given when none is.</summary>
    private static string StoredSymbol(DbConnection connection, DbTransaction transaction, string symbol)
    {
        var text = Symbol.Parse(symbol).Text;
        using var command = connection.Command(transaction, "SELECT symbol FROM instruments WHERE upper(symbol) = upper(@symbol) ORDER BY symbol = @symbol DESC LIMIT 1");
        command.Add("@symbol", text);
        return command.ExecuteScalar() as string ?? text;
    }
}

/// <summary>What <see cref="LedgerWriter.SetDust"/> did: the setting, whether it changed, and how many products were derived again.</summary>
public sealed record DustChange(string Bot, string Key, string Value, bool Changed, int ProductsReplayed);
