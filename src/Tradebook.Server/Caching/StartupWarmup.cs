using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tradebook.Core;
using Tradebook.Server.Hosting;
using Tradebook.Storage.Access;
using Tradebook.Storage.Reads;

namespace Tradebook.Server.Caching;

/// <summary>
/// What the server reads once it starts, before anyone asks for it, side by side: the status page's first
/// integrity check, and each bot's history for its metrics (<see cref="MetricsCache"/>), the most recently active
/// bots first, for as long as the cache keeps them all.
/// Without it the first screen after a restart waited for both: about a second for a bot of 200,000 round
/// trips, and four for the integrity check of a 200 MB file. It runs beside the first requests; a request for a
/// bot not read yet reads it itself, and the two never read one bot at once. Every bot is read, whoever owns
/// it: this is the server's own look, not a caller's.
/// </summary>
public sealed partial class StartupWarmup(BotDirectory bots, MetricsCache metrics, OperationsStatus status, ILogger<StartupWarmup> logger) : BackgroundService
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Ends when everything was read, or the reading stopped (the server stopping, a failure logged).</summary>
    public Task Done => _done.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Side by side: the integrity check reads the whole file (about 40 s at 2 GB), and the metrics need not wait for it.
        try
        {
            await Task.WhenAll(
                Task.Run(() => Guarded(() => status.Current()), CancellationToken.None),
                Task.Run(() => Guarded(() => KeepHistories(stoppingToken)), CancellationToken.None)).ConfigureAwait(false);
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    private void KeepHistories(CancellationToken stopping)
    {
        var listed = bots.List(CallerScope.LocalOwner, new BotListQuery())
            .OrderByDescending(b => b.LastActivityAt ?? b.CreatedAt)
            .Select(b => b.Name);
        var dropped = metrics.Dropped;
        foreach (var bot in listed)
        {
            // Once the cache had to drop a history to keep another, reading more would only displace the more active bots'.
            if (stopping.IsCancellationRequested || metrics.Dropped != dropped)
            {
                return;
            }

            metrics.Keep(bot);
        }
    }

    private void Guarded(Action work)
    {
        try
        {
            work();
        }
        catch (TradebookException e)
        {
            // A busy or unreachable database: each request reads what it needs, as without the warm-up.
            LogWarmupStopped(logger, RemedyText.Of(e));
        }
        catch (Exception e)
        {
            // Nothing here is needed to serve: whatever failed, the server goes on and each request reads for itself.
            LogWarmupFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "reading the bots' histories at start stopped: {Reason}")]
    private static partial void LogWarmupStopped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "reading the bots' histories at start failed; each request reads what it needs")]
    private static partial void LogWarmupFailed(ILogger logger, Exception error);
}
