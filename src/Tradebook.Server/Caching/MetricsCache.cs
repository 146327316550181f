using Tradebook.Core.Accounting;
using Tradebook.Core.Metrics;
using Tradebook.Storage.Changes;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Reads;

namespace Tradebook.Server.Caching;

/// <summary>
/// What each bot's metrics and whole equity curves are computed from (<see cref="KeptPerformance"/>), kept
/// between requests. Before each read the cache asks the change log which bots changed since it last looked,
/// whoever wrote (this server, another instance, the CLI); a bot that changed has its history taken further by what was recorded since
/// (<see cref="EquityHistory.Performance"/>), never read whole again unless that history changed other than by
/// adding to it. So a read never returns metrics older than the history it was asked after, and an active bot's
/// metrics cost what it recorded since the last read, not its history. The metrics themselves are measured on
/// every read, open round trips held until now; that costs the bot's days.
/// </summary>
public sealed class MetricsCache(TradebookDatabase database, EquityHistory history, TimeProvider time)
{
    /// <summary>
    /// The entries (days, round trips' times held, curve points) kept for all bots together, about 40 bytes each:
    /// past it, the histories used least lately are dropped, to be read whole again when asked for. A bot of
    /// 100,000 round trips and a year of 5-minute snapshots drawn at 5m holds about 200,000.
    /// </summary>
    public long MaxKeptSize { get; init; } = 5_000_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>For each bot, the change log's position when the cache last heard that its history changed.</summary>
    private readonly Dictionary<string, long> _changedAt = new(StringComparer.Ordinal);

    private long _seen = -1;
    private long _uses;
    private long _reads;
    private long _wholeReads;
    private long _dropped;

    /// <summary>Reads of a bot's history, whole or from where the last one ended; and of those, the whole ones.</summary>
    public (long Reads, long Whole) HistoryReads
    {
        get
        {
            lock (_lock)
            {
                return (_reads, _wholeReads);
            }
        }
    }

    /// <summary>How many kept histories were dropped so far to stay within <see cref="MaxKeptSize"/>.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The bot's metrics at <paramref name="periods"/> a year; null when there is no such bot.</summary>
    public PerformanceMetrics? Get(string bot, int periods) => Get([bot], periods)[0];

    /// <summary>Each bot's metrics, in order, after one look at the change log for all of them (a leaderboard); null for a bot that does not exist.</summary>
    public IReadOnlyList<PerformanceMetrics?> Get(IReadOnlyList<string> bots, int periods)
    {
        ArgumentNullException.ThrowIfNull(bots);
        var seen = Refresh();
        var now = time.GetUtcNow();
        return bots.Select(bot => Measure(bot, periods, seen, now)).ToList();
    }

    /// <summary>
    /// The whole history's equity curve of the bot at <paramref name="interval"/> and its maximum drawdown; null when
    /// there is no such bot. Drawn once per interval, then taken further with each reading like the metrics.
    /// </summary>
    public (IReadOnlyList<EquityCurvePoint> Points, Drawdown MaxDrawdown)? Curve(string bot, TimeSpan interval)
    {
        var seen = Refresh();
        return WithKept(bot, seen, kept =>
        {
            history.DrawCurve(kept, interval);
            return ((IReadOnlyList<EquityCurvePoint>, Drawdown)?)kept.Curve(interval);
        });
    }

    /// <summary>Reads the bot's history, or takes it further, so that its next read costs nothing more; for a server that has just started.</summary>
    public void Keep(string bot) => WithKept(bot, Refresh(), _ => true);

    private PerformanceMetrics? Measure(string bot, int periods, long seen, DateTimeOffset now) => WithKept(bot, seen, kept => kept.Measure(periods, now));

    /// <summary><paramref name="use"/> of the bot's kept history, brought up to what the change log said at <paramref name="seen"/>; default when there is no such bot.</summary>
    private T? WithKept<T>(string bot, long seen, Func<KeptPerformance, T> use)
    {
        Entry entry;
        lock (_lock)
        {
            if (!_entries.TryGetValue(bot, out entry!))
            {
                entry = _entries[bot] = new Entry();
            }
        }

        // One reader per bot at a time: a kept history is taken further in place.
        lock (entry)
        {
            if (entry.Kept is null || entry.CurrentAt < ChangedAt(bot))
            {
                var before = entry.Kept;
                try
                {
                    entry.Kept = history.Performance(bot, before);
                }
                catch
                {
                    // Whatever failed (a busy or lost database), the next read starts whole.
                    entry.Kept = null;
                    throw;
                }

                entry.CurrentAt = seen;
                lock (_lock)
                {
                    _reads++;
                    _wholeReads += entry.Kept is not null && !ReferenceEquals(entry.Kept, before) ? 1 : 0;
                }
            }

            // Measuring changes nothing, and a curve is kept only once drawn whole: a use that fails leaves the history as it was.
            var result = entry.Kept is { } kept ? use(kept) : default;
            entry.Size = entry.Kept?.Size ?? 0;
            entry.LastUsed = Interlocked.Increment(ref _uses);
            Bound(bot);
            return result;
        }
    }

    /// <summary>Drops the histories used least lately, other than <paramref name="current"/>'s, until what is kept fits <see cref="MaxKeptSize"/>.</summary>
    private void Bound(string current)
    {
        lock (_lock)
        {
            var total = _entries.Values.Sum(e => e.Size);
            foreach (var (bot, entry) in _entries.Where(e => e.Key != current).OrderBy(e => e.Value.LastUsed).ToList())
            {
                if (total <= MaxKeptSize)
                {
                    break;
                }

                total -= entry.Size;
                _entries.Remove(bot);
                Interlocked.Increment(ref _dropped);
            }
        }
    }

    private long ChangedAt(string bot)
    {
        lock (_lock)
        {
            return _changedAt.GetValueOrDefault(bot, long.MinValue);
        }
    }

    /// <summary>Hears which bots changed since the last look; returns the change log position now seen.</summary>
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
                    // Any bot may have changed in any way (a rollback, a deleted bot, a log that was trimmed past):
                    // every history is read whole again.
                    _entries.Clear();
                    _changedAt.Clear();
                }
                else
                {
                    foreach (var bot in bots)
                    {
                        _changedAt[bot] = newest;
                    }
                }

                _seen = Math.Max(_seen, newest);
            }

            return _seen;
        }
    }

    private sealed class Entry
    {
        public KeptPerformance? Kept { get; set; }

        /// <summary>The change log's position the kept history is known to be current at.</summary>
        public long CurrentAt { get; set; } = long.MinValue;

        /// <summary>The kept history's <see cref="KeptPerformance.Size"/> after its last use, and when that was (a count of uses).</summary>
        public long Size { get; set; }

        public long LastUsed { get; set; }
    }
}
