using Tradebook.Core.Domain;

namespace Tradebook.Core.Bots;

/// <summary>Whether a bot is alive, as a screen shows it.</summary>
public enum BotStatus
{
    /// <summary>A heartbeat or a write within the stale time.</summary>
    Running,

    /// <summary>Paused by its owner; its data is kept and shown.</summary>
    Paused,

    /// <summary>Neither a heartbeat nor a write within the stale time, or never.</summary>
    Stale,

    /// <summary>Hidden from lists; its data is kept.</summary>
    Archived,

    /// <summary>
    /// A backtest not written to within the stale time: it ran once, as an import or a run that has ended, and is not
    /// expected to write again, so it is not shown as a bot that stopped.
    /// </summary>
    Finished,
}

/// <summary>How a bot's status follows from its lifecycle and when it was last seen.</summary>
public static class BotLiveness
{
    public static BotStatus Of(BotMode mode, DateTimeOffset? pausedAt, DateTimeOffset? archivedAt, DateTimeOffset? lastSeenAt, DateTimeOffset now, TimeSpan staleAfter) =>
        archivedAt is not null ? BotStatus.Archived
        : pausedAt is not null ? BotStatus.Paused
        : lastSeenAt is { } seen && now - seen <= staleAfter ? BotStatus.Running
        : mode == BotMode.Backtest ? BotStatus.Finished
        : BotStatus.Stale;

    /// <summary>
    /// When a running bot turns stale (or finished) if nothing more is heard of it; null for a bot in any other status,
    /// which only a write or a change of its owner's moves. A screen asks again then: a bot that falls silent sends
    /// nothing that would tell it.
    /// </summary>
    public static DateTimeOffset? RunningUntil(BotStatus status, DateTimeOffset? lastSeenAt, TimeSpan staleAfter) =>
        status == BotStatus.Running && lastSeenAt is { } seen ? seen + staleAfter : null;

    /// <summary>The later of two moments, either of which may be unknown.</summary>
    public static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;
}
