using System.Data.Common;
using Tradebook.Core;
using Tradebook.Storage.Access;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Writes <see cref="LedgerBatch"/>es inside a caller's transaction. Natural keys make every write
/// idempotent: a row already recorded with the same values is reported as existing and changes
/// nothing; the same key with other values throws <see cref="ErrorCode.Conflict"/> and the caller's
/// transaction rolls back. Fills and cash flows are applied in time order; one older than what its
/// product holds makes the product replay (<see cref="ProductReplay"/>). Products are kept in memory
/// for the batch and written once at its end, in the same transaction, so their cost follows what
/// changed, not what exists. Every figure comes from Core; the writers here load, save and keep ids.
/// </summary>
internal sealed class BatchWriter : IDisposable
{
    private readonly WriteContext _context;
    private readonly NaturalKeys _keys;
    private readonly RowCounts _counts;
    private readonly ProductLocks _locks;
    private readonly ProductStore _products;
    private readonly ProductSaver _saver;
    private readonly ProductReplay _replay;
    private readonly BotActivityRecorder _activity;
    private readonly MarketDataRecorder _marketData;
    private readonly SettingsRecorder _settings;
    private readonly TimelineRecorder _timeline;

    /// <param name="fillsRecorded">Told how many fills the writer recorded so far: every 1,000, and at the end of each batch.</param>
    /// <param name="detail">Whether the summary names every keyed row with its id, or only counts.</param>
    /// <param name="checkpointInterval">Fills between two checkpoints of a product's book (<see cref="ProductCheckpoints"/>).</param>
    /// <param name="cache">What earlier transactions on this connection loaded, checked by the caller; null for a session of its own.</param>
    /// <param name="outOfOrder">What a batch does on PostgreSQL when it needs a product below one its transaction holds and another writer holds it.</param>
    /// <param name="lockWaits">How long a writer that must answer soon waits on PostgreSQL for a product another transaction holds; the busy timeout when null.</param>
    public BatchWriter(
        TradebookDatabase database, DbConnection connection, DbTransaction transaction, DateTimeOffset now, long? importBatchId, Action<int>? fillsRecorded = null,
        RecordDetail detail = RecordDetail.Counts, int checkpointInterval = ProductCheckpoints.DefaultInterval, LedgerCache? cache = null,
        OutOfOrderLock outOfOrder = OutOfOrderLock.Wait, LockWaits? lockWaits = null)
    {
        cache ??= new LedgerCache();
        _counts = new RowCounts(detail);
        _context = new WriteContext(database, connection, transaction, now, importBatchId);
        var keys = _keys = new NaturalKeys(_context, cache);
        var rows = new UniqueRows(_context, _counts);
        var positions = new PositionRows(_context);
        _locks = new ProductLocks(_context, keys, outOfOrder, cache, lockWaits);
        _products = new ProductStore(_context, cache);
        _saver = new ProductSaver(_context, positions);
        var checkpoints = new ProductCheckpoints(_context, checkpointInterval);
        _replay = new ProductReplay(_context, _products, positions, checkpoints);
        _activity = new BotActivityRecorder(_context, keys, rows, _counts);
        _marketData = new MarketDataRecorder(_context, keys, rows);
        _settings = new SettingsRecorder(_context, _counts);
        _timeline = new TimelineRecorder(_context, keys, _locks, _products, positions, new FillRows(_context, _counts.KeepsRows), rows, _counts, checkpoints) { FillsRecorded = fillsRecorded };
    }

    /// <summary>Whether a bot of that name exists in <paramref name="scope"/>.</summary>
    public bool HasBot(string name, CallerScope scope)
    {
        _keys.Scope = scope;
        return _keys.FindBot(name) is not null;
    }

    /// <summary>What the writer recorded so far, over every batch.</summary>
    public RecordSummary Summary => _counts.Summary;

    /// <summary>
    /// Records a batch: settings first, since a dust setting decides how the batch's fills are accounted
    /// (a stored product it decides is derived again at the end); then the rows in the order of
    /// <see cref="LedgerBatch"/>'s properties, so that a decision can cite the signals and an order the
    /// decision recorded with it.
    /// </summary>
    public RecordSummary Record(LedgerBatch batch, CallerScope scope)
    {
        _keys.Scope = scope;
        if (scope.User is not null)
        {
            // A user's settings are its own bots' settings; the global ones are the local owner's.
            foreach (var setting in batch.Settings)
            {
                _keys.Bot(setting.Scope);
            }
        }

        MarkForReplay(_settings.Record(batch.Settings));
        _activity.RecordSignals(batch.Signals);
        _activity.RecordDecisions(batch.Decisions);
        _activity.RecordOrders(batch.Orders);
        _timeline.Record(batch.Fills, batch.CashFlows);
        _activity.RecordSnapshots(batch.Snapshots);
        _marketData.RecordPriceBars(batch.PriceBars);
        _marketData.RecordFxRates(batch.FxRates);
        _replay.ReplayLate();
        _saver.Save(_products.Dirty);
        return Summary;
    }

    /// <summary>Replays the given products and writes the result; used after rows were deleted.</summary>
    public void Rebuild(IEnumerable<(long BotId, long InstrumentId)> products)
    {
        var distinct = products.Distinct().ToList();
        _locks.Lock(distinct);
        foreach (var (botId, instrumentId) in distinct)
        {
            _replay.Replay(botId, instrumentId);
        }

        _saver.Save(_products.Dirty);
    }

    public void Dispose() => _context.Dispose();

    /// <summary>A setting that decides dust changed: the products it decides are derived again under the new threshold.</summary>
    private void MarkForReplay(IReadOnlyList<Core.Domain.Setting> dustChanged)
    {
        foreach (var setting in dustChanged)
        {
            var products = DustSettings.ProductsDecidedBy(_context.Connection, _context.Transaction, setting.Scope, setting.Key);
            _locks.Lock(products.Select(p => (p.BotId, p.InstrumentId)));
            foreach (var (_, instrumentId, symbol) in products)
            {
                _products.MarkForReplay(_keys.Bot(setting.Scope), instrumentId, _keys.Instrument(symbol).Symbol);
            }
        }
    }
}
