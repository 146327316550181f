using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tradebook.Core;
using Tradebook.Storage.Changes;
using Npgsql;
using Tradebook.Server.Hosting;
using Tradebook.Storage.Connection;

namespace Tradebook.Server.Events;

/// <summary>
/// Follows the change log and hands each new entry to every stream client. It reads the log, not the
/// server's own writes, so that commits by any process (a CLI <c>record</c> beside the server, an import,
/// another server on the same PostgreSQL) reach the clients the same way, within one poll interval.
/// </summary>
public sealed partial class ChangeFeed(TradebookDatabase database, ServerOptions options, TimeProvider time, ILogger<ChangeFeed> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Subscription, byte> _subscribers = new();
    private readonly SemaphoreSlim _notified = new(0, int.MaxValue);
    private long _newest = -1;

    /// <summary>The newest id the feed has handed out; -1 before its first look at the log.</summary>
    public long Newest => Interlocked.Read(ref _newest);

    public int Clients => _subscribers.Count;

    /// <summary>A client's queue of live entries. A client that falls 10,000 entries behind is told to reload.</summary>
    public Subscription Subscribe()
    {
        var subscription = new Subscription(this);
        _subscribers.TryAdd(subscription, 0);
        return subscription;
    }

    /// <summary>Entries after <paramref name="afterId"/> still in the log, and the oldest and newest ids it keeps.</summary>
    public (IReadOnlyList<ChangeEvent> Events, long Oldest, long Newest) Backlog(long afterId, int limit) =>
        database.Run(connection =>
        {
            var (oldest, newest) = ChangeLog.Bounds(connection);
            return (ChangeLog.After(connection, afterId, limit), oldest, newest);
        });

    /// <summary>Waits until the feed has looked at the log once, so that <see cref="Newest"/> is known.</summary>
    public async Task<long> StartedAsync(CancellationToken cancellation)
    {
        while (Newest < 0)
        {
            await Task.Delay(20, cancellation).ConfigureAwait(false);
        }

        return Newest;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lastTrim = DateTimeOffset.MinValue;
        string? lastFailure = null;
        var listener = database.Engine == SqlEngine.Postgres ? ListenAsync(stoppingToken) : Task.CompletedTask;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Poll();
                lastFailure = null;
                var now = time.GetUtcNow();
                if (now - lastTrim > TimeSpan.FromMinutes(10))
                {
                    ChangeLog.Trim(database, now - options.ChangeLogRetention, options.ChangeLogKeep);
                    lastTrim = now;
                }
            }
            catch (TradebookException e)
            {
                // A locked or briefly unreachable database: the next poll catches up from the same id. A failure
                // that lasts (a database file replaced under the server) is logged once, not every poll.
                if (e.Message != lastFailure)
                {
                    LogPollFailed(logger, RemedyText.Of(e));
                }

                lastFailure = e.Message;
            }

            try
            {
                // A NOTIFY from a commit on PostgreSQL ends the wait at once; the poll interval is the fallback.
                // Many commits between two polls need one poll, not one each.
                await _notified.WaitAsync(options.ChangePollInterval, stoppingToken).ConfigureAwait(false);
                while (_notified.Wait(0))
                {
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        foreach (var subscription in _subscribers.Keys)
        {
            subscription.Complete();
        }

        await listener.ConfigureAwait(false);
    }

    /// <summary>
    /// On PostgreSQL, LISTENs on the change log's channel and wakes the poll as soon as any writer's
    /// transaction commits, in this process or another. A lost connection is reopened; meanwhile the
    /// poll interval still finds every change.
    /// </summary>
    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = (NpgsqlConnection)database.Open();
                connection.Notification += (_, _) => _notified.Release();
                await using (var listen = new NpgsqlCommand($"LISTEN {ChangeLog.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TradebookException or System.IO.IOException)
            {
                LogPollFailed(logger, $"listening for changes failed ({e.Message}); retrying");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Poll()
    {
        if (Newest < 0)
        {
            Interlocked.Exchange(ref _newest, database.Run(connection => ChangeLog.Bounds(connection).Newest));
            return;
        }

        while (true)
        {
            var events = database.Run(connection => ChangeLog.After(connection, Newest, 1000));
            if (events.Count == 0)
            {
                return;
            }

            foreach (var change in events)
            {
                foreach (var subscription in _subscribers.Keys)
                {
                    subscription.Offer(change);
                }
            }

            Interlocked.Exchange(ref _newest, events[^1].Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not read the change log: {Reason}")]
    private static partial void LogPollFailed(ILogger logger, string reason);

    /// <summary>One stream client's live entries, in id order.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly ChangeFeed _feed;
        private readonly Channel<ChangeEvent> _events = Channel.CreateBounded<ChangeEvent>(new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

        internal Subscription(ChangeFeed feed) => _feed = feed;

        /// <summary>Set when entries were dropped because the client fell behind: it must reload.</summary>
        public bool Overflowed { get; private set; }

        public ChannelReader<ChangeEvent> Events => _events.Reader;

        internal void Offer(ChangeEvent change)
        {
            if (!_events.Writer.TryWrite(change))
            {
                Overflowed = true;
            }
        }

        internal void Complete() => _events.Writer.TryComplete();

        public void Dispose()
        {
            _feed._subscribers.TryRemove(this, out _);
            Complete();
        }
    }
}
