using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// What a writer that records transaction after transaction on one connection (the server's group
/// commit) keeps loaded between them: bots, instruments, order ids and products' books, so that a
/// request costs what it writes, not a reload of its product. It is valid only while nothing else
/// wrote: <see cref="Check"/>, at the start of each transaction, asks SQLite whether another connection
/// committed since (<c>PRAGMA data_version</c>) and forgets everything if so. PostgreSQL has no such
/// cheap question (other servers write the same database), so there it forgets at every transaction.
/// The caller forgets it too after anything it wrote was rolled back.
/// </summary>
/// <param name="maxOrderIds">
/// How many order ids are kept at most. An import names millions of orders, most of them by one or two fills
/// that come together: kept without a bound, their ids grew memory with the source (+650 MiB for a freqtrade
/// database of a million trades). Past the bound the ids kept are dropped and looked up again as fills name them.
/// </param>
public sealed class LedgerCache(int maxOrderIds = LedgerCache.DefaultMaxOrderIds)
{
    /// <summary>65,536 ids: a few MiB, more than the orders a server's bots fill between two of their fills.</summary>
    public const int DefaultMaxOrderIds = 65_536;

    private DbConnection? _connection;
    private long _dataVersion;

    internal Dictionary<string, BotRow> Bots { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, (long Id, Symbol Symbol)> Instruments { get; } = new(StringComparer.Ordinal);

    /// <summary>How many order ids are kept now: at most the bound given when the cache was made.</summary>
    public int OrderIdsKept => OrderIds.Count;

    internal Dictionary<(long Bot, string Order), KnownOrder> OrderIds { get; } = [];

    internal int MaxOrderIds { get; } = Math.Max(1, maxOrderIds);

    internal Dictionary<(long Bot, long Instrument), SessionProduct> Products { get; } = [];

    /// <summary>
    /// The products the current transaction locked, whichever recorder took them (<see cref="ProductLocks"/>). A new
    /// transaction starts with none: <see cref="Check"/> empties it, and <see cref="Forget"/> does not, since a
    /// request rolled back to its savepoint leaves its transaction holding what the requests before it took.
    /// </summary>
    internal SortedSet<(long Bot, long Instrument)> HeldProducts { get; } = [];

    /// <summary>Keeps what is loaded if <paramref name="connection"/> is the one it was loaded on and no other connection committed since; else forgets it.</summary>
    public void Check(DbConnection connection, DbTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        HeldProducts.Clear();
        if (connection is not SqliteConnection)
        {
            Forget();
            return;
        }

        using var command = connection.Command(transaction, "PRAGMA data_version");
        var version = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (!ReferenceEquals(connection, _connection) || version != _dataVersion)
        {
            Forget();
            _connection = connection;
            _dataVersion = version;
        }
    }

    /// <summary>Drops everything loaded: the next transaction loads what it needs again.</summary>
    public void Forget()
    {
        _connection = null;
        Bots.Clear();
        Instruments.Clear();
        OrderIds.Clear();
        Products.Clear();
    }
}
