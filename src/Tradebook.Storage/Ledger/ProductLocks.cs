using System.Data.Common;
using System.Globalization;
using Npgsql;
using Tradebook.Core;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Products are read, changed and written back whole. SQLite's BEGIN IMMEDIATE already lets one
/// writer in at a time; on PostgreSQL two writers of one product would each write back their own
/// sum, so each product is held by a transaction-scoped advisory lock, taken before it is read.
/// Advisory locks belong to the PostgreSQL database, not to a schema: the key names the schema with the
/// product, so that Tradebook databases kept as schemas of one database, whose bots and products have the
/// same ids, never wait for each other.
/// <para>
/// A transaction takes its products in one order (bot, then instrument), so that two transactions cannot
/// deadlock. One may need a product below one it already holds: the next request of a server's group commit,
/// a batch whose dust setting derives stored products again, the next run of a streamed import. Waiting for it
/// in PostgreSQL's lock queue could close a cycle with another writer, which PostgreSQL breaks by failing one of
/// the two: such a product is tried again and again instead (<see cref="OutOfOrderLock.Wait"/>). A caller that
/// can run the batch again in a transaction of its own (the server's group commit) asks for
/// <see cref="OutOfOrderLock.Refuse"/>: such a product is then taken only if it is free, and otherwise the
/// batch fails at once with <see cref="ProductLockOrderException"/> inside.
/// </para>
/// </summary>
internal sealed class ProductLocks(WriteContext context, NaturalKeys keys, OutOfOrderLock outOfOrder, LedgerCache cache, LockWaits? waits)
{
    /// <summary>The advisory lock's key: the schema with the product, so that stores kept as schemas of one database never wait for each other.</summary>
    private const string Key = "hashtextextended('tradebook.product.' || current_schema() || '.' || @bot || '.' || @instrument, 0)";

    /// <summary>Locks the products named by bot and symbol; a record without either names no product.</summary>
    public void Lock(IEnumerable<(string? Bot, string? Symbol)> named) =>
        Lock(named
            .Where(p => !string.IsNullOrWhiteSpace(p.Bot) && !string.IsNullOrWhiteSpace(p.Symbol))
            .Distinct()
            .Select(p => (keys.Bot(p.Bot!).Id, keys.Instrument(p.Symbol!).Id)));

    public void Lock(IEnumerable<(long Bot, long Instrument)> products)
    {
        if (context.Database.Engine != SqlEngine.Postgres)
        {
            return;
        }

        // Every product is taken at every call, even one the transaction took before (taking it again costs a
        // look-up): a request rolled back to its savepoint gave back what it took, so what is remembered here
        // may be more than what is held, and is used only to choose between waiting and trying.
        // Kept in the cache, not by transaction object: a server's group keeps its transaction when it opens a new
        // recorder after a failed request, and Npgsql hands out the same transaction object for each transaction of
        // a connection, so what the group before held would have been taken for held by the next.
        var held = cache.HeldProducts;
        foreach (var product in products.Distinct().Order().ToList())
        {
            if (held.Count == 0 || product.CompareTo(held.Max) >= 0)
            {
                Wait(product);
            }
            else if (outOfOrder == OutOfOrderLock.Wait)
            {
                Poll(product);
            }
            else if (!TryTake(product))
            {
                throw new TradebookException(
                    ErrorCode.DatabaseLocked,
                    $"{context.Database.Target.Display} is locked: another writer holds a product this batch needs, taken out of order; send the batch again",
                    new ProductLockOrderException());
            }

            held.Add(product);
        }
    }

    /// <summary>
    /// Takes the product, waiting for another transaction that holds it at most the busy timeout, or the writer's
    /// shorter <see cref="LockWaits"/> (PostgreSQL's lock_timeout, for the rest of this transaction): an import holds
    /// each product it wrote until it commits, and a wait without end held up every write of a server behind it.
    /// A product whose last wait timed out is taken only if it is free (a lock_timeout of 0 would wait without end).
    /// </summary>
    private void Wait((long Bot, long Instrument) product)
    {
        var timeout = waits?.ForProduct(product) ?? BusyTimeout.Value;
        if (timeout == TimeSpan.Zero)
        {
            if (!TryTake(product))
            {
                throw new TradebookException(
                    ErrorCode.DatabaseLocked,
                    $"{context.Database.Target.Display} is locked: another writer (an import, or another server's batch) still holds a product this batch writes, as it did past the last wait; nothing was written; send the batch again");
            }

            waits!.ProductTaken(product);
            return;
        }

        using var command = context.Command(string.Create(
            CultureInfo.InvariantCulture,
            $"SET LOCAL lock_timeout = {(long)Math.Ceiling(timeout.TotalMilliseconds)}; SELECT pg_advisory_xact_lock({Key})"));
        Bind(command, product);

        // lock_timeout bounds the wait, not Npgsql's command timeout, which would be taken for an unreachable server.
        command.CommandTimeout = 0;
        try
        {
            command.ExecuteNonQuery();
            waits?.ProductTaken(product);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            waits?.ProductHeldElsewhere(product);
            throw new TradebookException(
                ErrorCode.DatabaseLocked,
                $"{context.Database.Target.Display} is locked: another writer (an import, or another server's batch) held a product this batch writes for over {timeout.TotalSeconds:0.#} s; nothing was written; send the batch again",
                e);
        }
    }

    /// <summary>
    /// Takes a product below one the transaction holds without entering PostgreSQL's lock queue, where the wait could
    /// close a cycle with a writer that holds this product and waits, in order, for one of ours: PostgreSQL breaks a
    /// cycle by failing whichever transaction finds it, as likely an import of a million rows as a request a client can
    /// send again. Tried again and again instead, so that the other writer's wait times out (its batch fails whole and
    /// can be sent again) and gives the product back. Tried for twice the busy timeout, so that a writer waiting its
    /// whole busy timeout for this transaction gives up first.
    /// </summary>
    private void Poll((long Bot, long Instrument) product)
    {
        var timeout = BusyTimeout.Value * 2;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(1);
        while (!TryTake(product))
        {
            if (waited.Elapsed >= timeout)
            {
                throw new TradebookException(
                    ErrorCode.DatabaseLocked,
                    $"{context.Database.Target.Display} is locked: another writer held a product this batch writes for over {timeout.TotalSeconds:0.#} s; nothing was written; send the batch again");
            }

            Thread.Sleep(pause);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 50));
        }
    }

    private bool TryTake((long Bot, long Instrument) product)
    {
        using var command = context.Command($"SELECT pg_try_advisory_xact_lock({Key})");
        Bind(command, product);
        return command.ExecuteScalar() is not bool taken || taken;
    }

    private static void Bind(DbCommand command, (long Bot, long Instrument) product)
    {
        command.Add("@bot", product.Bot.ToString(CultureInfo.InvariantCulture));
        command.Add("@instrument", product.Instrument.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>What a batch does on PostgreSQL when it needs a product below one its transaction holds, and another writer holds it.</summary>
public enum OutOfOrderLock
{
    /// <summary>Waits for it by trying again and again (never in PostgreSQL's lock queue, so no deadlock can fail it), as a transaction that cannot be run again (an import) must.</summary>
    Wait,

    /// <summary>Fails at once with <see cref="ProductLockOrderException"/>, for a caller that runs the batch again in a transaction of its own.</summary>
    Refuse,
}

/// <summary>
/// Inside a <see cref="TradebookException"/>: a batch needed a product below one its transaction already held, and
/// another writer held it. Waiting could deadlock; in a transaction of its own the batch takes its products in order.
/// </summary>
public sealed class ProductLockOrderException() : Exception("a product was needed out of lock order while another writer held it");
