namespace Tradebook.Storage.Connection;

/// <summary>
/// How long a writer that must answer its callers soon (the server's) waits for another writer's lock: at most
/// <paramref name="first"/> (never past the <see cref="BusyTimeout"/>), and once such a wait timed out, less for the
/// same lock until it is taken again: the SQLite file <see cref="FileAfterTimeout"/>, a PostgreSQL product not at all
/// (it is taken only if free). An import holds what it writes until it commits (on SQLite the whole file, on
/// PostgreSQL each product it wrote): without these bounds every request behind it waited the whole busy timeout,
/// longer than most bots' HTTP timeouts, and on PostgreSQL each request for one bot's held product held up the
/// writes of every other bot queued behind it, which need not wait at all. Kept by one writer thread; not for sharing.
/// </summary>
public sealed class LockWaits(TimeSpan first)
{
    /// <summary>
    /// The wait for the SQLite file once a wait for it timed out, until a transaction takes it: a second, the least
    /// Microsoft.Data.Sqlite's retries of BEGIN count.
    /// </summary>
    public static readonly TimeSpan FileAfterTimeout = TimeSpan.FromSeconds(1);

    private readonly HashSet<(long Bot, long Instrument)> _productsHeldElsewhere = [];
    private bool _fileHeldElsewhere;

    /// <summary>The wait for the SQLite file's write lock.</summary>
    public TimeSpan ForFile => _fileHeldElsewhere && FileAfterTimeout < Bound ? FileAfterTimeout : Bound;

    /// <summary>Records whether the last transaction found the SQLite file held past its wait, or took it.</summary>
    public void FileHeldElsewhere(bool held) => _fileHeldElsewhere = held;

    /// <summary>The wait for a product another PostgreSQL transaction holds; zero: taken only if free.</summary>
    internal TimeSpan ForProduct((long Bot, long Instrument) product) => _productsHeldElsewhere.Contains(product) ? TimeSpan.Zero : Bound;

    internal void ProductTaken((long Bot, long Instrument) product) => _productsHeldElsewhere.Remove(product);

    internal void ProductHeldElsewhere((long Bot, long Instrument) product) => _productsHeldElsewhere.Add(product);

    private TimeSpan Bound => first < BusyTimeout.Value ? first : BusyTimeout.Value;
}
