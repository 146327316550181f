using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using Tradebook.Core;

namespace Tradebook.Storage.Connection;

/// <summary>
/// Lets writers of one SQLite database take the write lock in the order they asked for it, across
/// processes. SQLite's busy handler is not fair: a writer that has waited long retries every 100 ms,
/// while the writer that just committed begins its next transaction at once, so with several processes
/// writing small transactions one of them can wait past any timeout. Here each write transaction first
/// takes a ticket from a counter in <c>DB-writers</c> beside the database and waits until every earlier
/// ticket is done, then begins (BEGIN IMMEDIATE, which still guarantees one writer at a time).
/// <para>
/// A ticket is alive while its holder keeps a byte-range lock on the ticket's byte of that file (at
/// <see cref="SlotsStart"/> + ticket). The operating system drops the locks of a process that dies, so a
/// writer killed in the queue or in its transaction never blocks the ones behind it. The queue only
/// orders writers: should it fail (a read-only folder, a file system without locks), writers fall back
/// to SQLite's busy timeout.
/// </para>
/// <para>macOS has no byte-range locks in .NET; there writers rely on the busy timeout alone.</para>
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("macos")]
internal sealed class SqliteWriteQueue
{
    /// <summary>The ticket counter (8 bytes) and the lowest ticket that may be alive (8 bytes), locked together by byte 0..16.</summary>
    private const long CounterLength = 16;

    private const long SlotsStart = 4096;

    private static readonly ConcurrentDictionary<string, SqliteWriteQueue> Queues = new(StringComparer.Ordinal);

    private readonly string _path;

    // One writer of this process in the queue at a time: byte-range locks belong to the process, so two
    // threads of one process cannot tell their tickets apart.
    private readonly SemaphoreSlim _inProcess = new(1, 1);

    private SqliteWriteQueue(string path) => _path = path;

    public static SqliteWriteQueue For(string databasePath) => Queues.GetOrAdd(databasePath, p => new SqliteWriteQueue(p + "-writers"));

    /// <summary>
    /// Waits for this writer's turn, at most <paramref name="timeout"/>; the turn is given back by disposing
    /// the result. Null when the queue cannot be used here (the writer then relies on the busy timeout).
    /// </summary>
    public IDisposable? Enter(TimeSpan timeout, string database)
    {
        var clock = Stopwatch.StartNew();
        if (!_inProcess.Wait(timeout))
        {
            throw Locked(database, clock.Elapsed);
        }

        FileStream? file = null;
        try
        {
            // Opened for one turn and closed after it: closing drops every lock this process holds on the file.
            file = Open();
            if (file is null)
            {
                _inProcess.Release();
                return null;
            }

            var ticket = TakeTicket(file, timeout, database, clock);
            WaitForTurn(file, ticket, timeout, database, clock);
            return new Turn(this, file, ticket);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // The queue is an ordering aid, not a lock that correctness depends on: BEGIN IMMEDIATE is.
            file?.Dispose();
            _inProcess.Release();
            return null;
        }
        catch
        {
            file?.Dispose();
            _inProcess.Release();
            throw;
        }
    }

    private FileStream? Open()
    {
        var folder = Path.GetDirectoryName(_path);
        return folder is null || !Directory.Exists(folder)
            ? null
            : new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
    }

    /// <summary>Takes the next ticket and marks it alive, under the counter's lock (held for microseconds).</summary>
    private static long TakeTicket(FileStream file, TimeSpan timeout, string database, Stopwatch clock)
    {
        LockCounter(file, timeout, database, clock);
        try
        {
            var (next, lowest) = ReadCounter(file);
            file.Lock(SlotsStart + next, 1);
            WriteCounter(file, next + 1, lowest);
            return next;
        }
        finally
        {
            file.Unlock(0, CounterLength);
        }
    }

    /// <summary>Waits until no ticket below <paramref name="ticket"/> is alive; polls each millisecond.</summary>
    private static void WaitForTurn(FileStream file, long ticket, TimeSpan timeout, string database, Stopwatch clock)
    {
        var (_, lowest) = ReadCounter(file);
        for (var earlier = Math.Max(0, Math.Min(lowest, ticket)); earlier < ticket;)
        {
            if (IsFree(file, earlier))
            {
                earlier++;
                continue;
            }

            if (clock.Elapsed > timeout)
            {
                throw Locked(database, clock.Elapsed);
            }

            Thread.Sleep(1);
        }
    }

    private void Leave(FileStream file, long ticket)
    {
        try
        {
            file.Unlock(SlotsStart + ticket, 1);

            // Move the lowest live ticket on, so that later writers check only tickets that may be alive.
            if (TryLockCounter(file))
            {
                try
                {
                    var (next, lowest) = ReadCounter(file);
                    var moved = lowest;
                    while (moved < next && IsFree(file, moved))
                    {
                        moved++;
                    }

                    if (moved != lowest)
                    {
                        WriteCounter(file, next, moved);
                    }
                }
                finally
                {
                    file.Unlock(0, CounterLength);
                }
            }
        }
        catch (IOException)
        {
            // Nothing to undo: closing the file below drops the ticket's lock.
        }
        finally
        {
            file.Dispose();
            _inProcess.Release();
        }
    }

    private static bool IsFree(FileStream file, long ticket)
    {
        try
        {
            file.Lock(SlotsStart + ticket, 1);
        }
        catch (IOException)
        {
            return false;
        }

        file.Unlock(SlotsStart + ticket, 1);
        return true;
    }

    private static void LockCounter(FileStream file, TimeSpan timeout, string database, Stopwatch clock)
    {
        var spin = new SpinWait();
        while (!TryLockCounter(file))
        {
            if (clock.Elapsed > timeout)
            {
                throw Locked(database, clock.Elapsed);
            }

            spin.SpinOnce(sleep1Threshold: 20);
        }
    }

    private static bool TryLockCounter(FileStream file)
    {
        try
        {
            file.Lock(0, CounterLength);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static (long Next, long Lowest) ReadCounter(FileStream file)
    {
        Span<byte> bytes = stackalloc byte[(int)CounterLength];
        file.Position = 0;
        var read = file.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read < bytes.Length)
        {
            bytes[read..].Clear();
        }

        var next = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        var lowest = BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
        return next < 0 || lowest < 0 || lowest > next ? (Math.Max(0, next), 0) : (next, lowest);
    }

    private static void WriteCounter(FileStream file, long next, long lowest)
    {
        Span<byte> bytes = stackalloc byte[(int)CounterLength];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, next);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], lowest);
        file.Position = 0;
        file.Write(bytes);
        file.Flush();
    }

    private static TradebookException Locked(string database, TimeSpan waited) =>
        new(ErrorCode.DatabaseLocked, $"{database} is locked by another process and stayed locked for {waited.TotalSeconds:0} s (this writer waited its turn behind the others); stop the process holding it or try again (nothing was written)");

    private sealed class Turn(SqliteWriteQueue queue, FileStream file, long ticket) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                queue.Leave(file, ticket);
            }
        }
    }
}
