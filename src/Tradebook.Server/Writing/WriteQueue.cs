using System.Data.Common;
using System.Threading.Channels;
using Tradebook.Core;
using Tradebook.Storage.Access;
using Tradebook.Storage.Changes;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;

namespace Tradebook.Server.Writing;

/// <summary>One write request's work: it runs in the group's transaction and says what it changed.</summary>
public delegate T WriteWork<out T>(WriteGroup group);

/// <summary>
/// What the requests of one commit share: the connection, the transaction, the changes for the log, and
/// a ledger recorder that keeps prepared statements from one request to the next, over the queue's
/// <see cref="LedgerCache"/> of bots and products. After a request fails, its savepoint is rolled back
/// and the recorder and the cache, whose loaded state may hold what was undone, are dropped: the next
/// request loads what it needs again.
/// </summary>
public sealed class WriteGroup : IDisposable
{
    private readonly LedgerWriter _ledger;
    private readonly LedgerCache _cache;
    private readonly LockWaits _lockWaits;
    private LedgerRecorder? _recorder;

    internal WriteGroup(LedgerWriter ledger, LedgerCache cache, LockWaits lockWaits, DbConnection connection, DbTransaction transaction)
    {
        _ledger = ledger;
        _cache = cache;
        _lockWaits = lockWaits;
        Connection = connection;
        Transaction = transaction;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    public ICollection<Change> Changes { get; } = new List<Change>();

    private LedgerRecorder Recorder => _recorder ??= _ledger.Open(Connection, Transaction, detail: RecordDetail.Rows, cache: _cache, outOfOrder: OutOfOrderLock.Refuse, lockWaits: _lockWaits);

    /// <summary>Whether a bot of that name exists in the caller's <paramref name="scope"/>.</summary>
    public bool HasBot(string name, CallerScope scope) => Recorder.HasBot(name, scope);

    /// <summary>
    /// Records a caller's batch through the group's recorder, in the caller's <paramref name="scope"/>;
    /// returns what this batch alone did, each keyed row with its id.
    /// </summary>
    public RecordSummary Record(LedgerBatch batch, CallerScope scope)
    {
        var before = Recorder.Summary;
        _recorder!.Record(batch, scope);
        return _recorder.Summary.Since(before);
    }

    /// <summary>Drops what the group loaded, after a request's savepoint was rolled back.</summary>
    internal void Forget()
    {
        Close();
        _cache.Forget();
    }

    public void Dispose() => Close();

    private void Close()
    {
        _recorder?.Dispose();
        _recorder = null;
    }
}

/// <summary>
/// Group commit. Write requests that arrive while a commit is under way queue up and then share one
/// transaction and one fsync, so that many concurrent bots cost about one commit each round, not one
/// each. A group first runs whole, with no savepoint; should one of its requests fail, the transaction is
/// rolled back and the group runs again with every request in its own savepoint, so that the one that
/// fails is rolled back alone and its caller gets its error, while the others commit. A caller is answered
/// only after the commit is durable.
/// The queue writes on one connection that it keeps open, so that what one group loaded (bots,
/// products) serves the next while no other connection writes (<see cref="LedgerCache"/>). On PostgreSQL a
/// request that needs a product below one its group holds, while another writer holds it, is carried to the
/// next group rather than left to wait (<see cref="ProductLockOrderException"/>).
/// </summary>
public sealed class WriteQueue : IAsyncDisposable
{
    /// <summary>How many groups a request is carried over to before its lock conflict is answered as a 503.</summary>
    private const int MaxCarried = 8;

    /// <summary>After a group had to be run again, how many groups run in savepoints from the start.</summary>
    private const int SavepointGroupsAfterFailure = 16;

    private readonly Channel<IPending> _queue = Channel.CreateUnbounded<IPending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TradebookDatabase _database;
    private readonly LedgerWriter _ledger;
    private readonly TimeProvider _time;
    private readonly int _maxGroup;
    private readonly Action<int>? _committed;
    private readonly LockWaits _lockWaits;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly LedgerCache _cache = new();

    // Requests whose products another writer held out of order (see ProductLockOrderException): they run first
    // in the next group, whose transaction holds nothing yet, so they take their products in order.
    private readonly List<IPending> _carried = [];
    private DbConnection? _connection;

    // Groups left that run in savepoints from the start, because a recent group had a request that failed: a
    // client that keeps sending bad requests does not make every group run twice.
    private int _savepointGroupsLeft;
    private long _groupsRunAgain;

    /// <param name="lockWait">
    /// How long a group waits for another writer's lock (on SQLite the file, on PostgreSQL a product); the busy timeout
    /// when not given; once a wait timed out, less for the same lock until it is taken (<see cref="LockWaits"/>).
    /// </param>
    public WriteQueue(TradebookDatabase database, LedgerWriter ledger, TimeProvider time, int maxGroup, Action<int>? committed = null, TimeSpan? lockWait = null)
    {
        _database = database;
        _ledger = ledger;
        _time = time;
        _maxGroup = Math.Max(1, maxGroup);
        _committed = committed;
        _lockWaits = new LockWaits(lockWait ?? TimeSpan.MaxValue);
        // The writer blocks on SQLite (and on every commit's fsync): it gets a thread of its own rather
        // than holding one of the pool's, which serves the requests.
        new Thread(Run) { Name = "tradebook-writer", IsBackground = true }.Start();
    }

    private interface IPending
    {
        /// <summary>How many groups this request was carried over from.</summary>
        int Carried { get; set; }

        void Run(WriteGroup group);

        void Committed();

        void Fail(Exception error);
    }

    /// <summary>
    /// How many groups were run again, each request in a savepoint, after one of their requests failed when the
    /// group ran whole.
    /// </summary>
    public long GroupsRunAgain => Interlocked.Read(ref _groupsRunAgain);

    /// <summary>Runs <paramref name="work"/> in the next group's transaction; completes after that transaction is durable.</summary>
    public Task<T> Run<T>(WriteWork<T> work)
    {
        var pending = new Pending<T>(work);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new TradebookException(ErrorCode.DatabaseLocked, "the server is stopping and takes no more writes; send it again to the next server");
        }

        return pending.Task;
    }

    /// <summary>Takes no more writes, and finishes those already queued.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopped.Task.ConfigureAwait(false);
        Disconnect();
    }

    private void Run()
    {
        var group = new List<IPending>(_maxGroup);
        try
        {
            while (_carried.Count > 0 || _queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                group.Clear();
                group.AddRange(_carried);
                _carried.Clear();
                while (group.Count < _maxGroup && _queue.Reader.TryRead(out var next))
                {
                    group.Add(next);
                }

                Commit(group);
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void Commit(List<IPending> group)
    {
        var inSavepoints = _savepointGroupsLeft > 0;
        if (inSavepoints)
        {
            _savepointGroupsLeft--;
        }

        if (Settled(group, inSavepoints))
        {
            return;
        }

        Interlocked.Increment(ref _groupsRunAgain);
        _savepointGroupsLeft = SavepointGroupsAfterFailure;
        Settled(group, inSavepoints: true);
    }

    /// <summary>
    /// Runs the group in one transaction and answers its requests; true once the group is settled.
    /// Without <paramref name="inSavepoints"/> no request has a savepoint, which spares each one SQLite's copy of
    /// every page it changes (a savepoint's journal, written to a temporary file past 64 KiB: a third of the
    /// writer's writes; docs/benchmarks.md); should a request fail, nothing is committed, the loaded products
    /// are forgotten and the result is false: the caller runs the group again in savepoints. In savepoints, a
    /// request that fails is rolled back alone. Either way, should the transaction itself fail (the database
    /// locked past the busy timeout, a full disk, a lost server), the group fails as one.
    /// </summary>
    private bool Settled(List<IPending> group, bool inSavepoints)
    {
        var failed = new HashSet<IPending>();
        var carried = new List<IPending>();
        var requestFailed = false;
        try
        {
            if (_connection is null)
            {
                _connection = _database.Open();
                _database.CheckpointSeldom(_connection);
            }

            _database.InTransaction(_connection, (connection, transaction) =>
            {
                _cache.Check(connection, transaction);
                using var shared = new WriteGroup(_ledger, _cache, _lockWaits, connection, transaction);
                for (var i = 0; i < group.Count; i++)
                {
                    if (inSavepoints)
                    {
                        RunInSavepoint(group[i], $"request_{i}", shared, transaction, failed, carried);
                        continue;
                    }

                    try
                    {
                        group[i].Run(shared);
                    }
                    catch
                    {
                        requestFailed = true;
                        throw;
                    }
                }

                ChangeLog.Append(connection, transaction, _database, shared.Changes, _time.GetUtcNow());
                return 0;
            }, _lockWaits.ForFile);
            _lockWaits.FileHeldElsewhere(false);
        }
        catch (Exception) when (requestFailed)
        {
            // What the cache loaded may hold what was rolled back.
            _cache.Forget();
            return false;
        }
        catch (Exception e)
        {
            // Nothing of the group committed: what the cache holds may be ahead of the database, and the
            // connection may be broken (a lost PostgreSQL server). The next group starts afresh.
            Disconnect();
            foreach (var pending in group.Where(p => !failed.Contains(p) && !carried.Contains(p)))
            {
                pending.Fail(e);
            }

            // Another process holds the whole file (an import): the next groups wait a second at most until one commits,
            // so that each request during a long import is answered 503 within about a second.
            _lockWaits.FileHeldElsewhere(e is TradebookException { Code: ErrorCode.DatabaseLocked } && _database.Engine == SqlEngine.Sqlite);
            _carried.AddRange(carried);
            return true;
        }

        foreach (var pending in group.Where(p => !failed.Contains(p) && !carried.Contains(p)))
        {
            pending.Committed();
        }

        _carried.AddRange(carried);
        _committed?.Invoke(group.Count - carried.Count);
        return true;
    }

    /// <summary>Runs one request in its own savepoint; one that fails is rolled back alone, and failed or carried over.</summary>
    private void RunInSavepoint(IPending pending, string savepoint, WriteGroup shared, DbTransaction transaction, HashSet<IPending> failed, List<IPending> carried)
    {
        var changes = (List<Change>)shared.Changes;
        transaction.Save(savepoint);
        var mark = changes.Count;
        try
        {
            pending.Run(shared);
            transaction.Release(savepoint);
        }
        catch (Exception e) when (e is TradebookException or DbException or InvalidOperationException or OverflowException or ArgumentException)
        {
            // If the engine already undid the whole transaction (a full disk), this throws and the group
            // fails as one.
            transaction.Rollback(savepoint);
            shared.Forget();
            changes.RemoveRange(mark, changes.Count - mark);
            if (e is TradebookException { InnerException: ProductLockOrderException } && pending.Carried < MaxCarried)
            {
                pending.Carried++;
                carried.Add(pending);
            }
            else
            {
                pending.Fail(e is TradebookException ? e : _database.Translate(e));
                failed.Add(pending);
            }
        }
    }

    private void Disconnect()
    {
        _cache.Forget();
        _connection?.Dispose();
        _connection = null;
    }

    private sealed class Pending<T>(WriteWork<T> work) : IPending
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _completion.Task;

        public int Carried { get; set; }

        public void Run(WriteGroup group) => _result = work(group);

        public void Committed() => _completion.TrySetResult(_result!);

        public void Fail(Exception error) => _completion.TrySetException(error);
    }
}
