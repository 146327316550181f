using Tradebook.Core.Metrics;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Changes;

namespace Tradebook.Server.Caching;

/// <summary>
/// Each bot's performance metrics, kept until its history changes. Computing them reads the bot's whole
/// history (every closed round trip and equity snapshot), which a leaderboard would repeat for every bot
/// on every refresh. Before each read the cache asks the change log which bots changed since it last
/// looked, whoever wrote (this server, another instance, the CLI), and forgets those: a read never
/// returns metrics older than the history it was asked after. Exposure counts open positions up to
/// now, so an entry also expires after <see cref="Lifetime"/>.
/// </summary>
public sealed class MetricsCache(TradebookDatabase database, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Bot, int Periods), (PerformanceMetrics Metrics, DateTimeOffset At)> _entries = [];
    private long _seen = -1;

    /// <summary>The bot's metrics at <paramref name="periods"/> a year, from the cache or from <paramref name="compute"/>.</summary>
    public PerformanceMetrics Get(string bot, int periods, Func<PerformanceMetrics> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        return Get([bot], periods, _ => compute())[0];
    }

    /// <summary>Each bot's metrics, in order, after one look at the change log for all of them (a leaderboard).</summary>
    public IReadOnlyList<PerformanceMetrics> Get(IReadOnlyList<string> bots, int periods, Func<string, PerformanceMetrics> compute)
    {
        ArgumentNullException.ThrowIfNull(bots);
        ArgumentNullException.ThrowIfNull(compute);
        var seen = Refresh();
        var now = time.GetUtcNow();
        return bots.Select(bot => Cached(bot, periods, now) ?? Keep(bot, periods, compute(bot), seen, now)).ToList();
    }

    private PerformanceMetrics? Cached(string bot, int periods, DateTimeOffset now)
    {
        lock (_lock)
        {
            return _entries.TryGetValue((bot, periods), out var entry) && now - entry.At < Lifetime ? entry.Metrics : null;
        }
    }

    private PerformanceMetrics Keep(string bot, int periods, PerformanceMetrics metrics, long seen, DateTimeOffset now)
    {
        lock (_lock)
        {
            // Kept only if no change was seen meanwhile: it may have been computed before that change.
            if (_seen == seen)
            {
                _entries[(bot, periods)] = (metrics, now);
            }
        }

        return metrics;
    }

    /// <summary>Forgets the bots that changed since the last look; returns the change log position now seen.</summary>
    private long Refresh()
    {
        long after;
        lock (_lock)
        {
            after = _seen;
        }

        var (newest, bots) = database.Run(connection => ChangeLog.HistoryChangedAfter(connection, after));
        lock (_lock)
        {
            if (newest != _seen)
            {
                if (bots is null)
                {
                    _entries.Clear();
                }
                else
                {
                    foreach (var key in _entries.Keys.Where(k => bots.Contains(k.Bot)).ToList())
                    {
                        _entries.Remove(key);
                    }
                }

                _seen = Math.Max(_seen, newest);
            }

            return _seen;
        }
    }
}
