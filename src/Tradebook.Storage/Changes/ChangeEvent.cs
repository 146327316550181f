namespace Tradebook.Storage.Changes;

/// <summary>What one transaction changed of one kind for one bot (or for no bot: prices, FX rates, settings).</summary>
public sealed record Change(ChangeKind Kind, string? Bot, int Count);

/// <summary>A committed change as the log holds it: ids grow with commit order.</summary>
public sealed record ChangeEvent(long Id, ChangeKind Kind, string? Bot, int Count, DateTimeOffset At);
