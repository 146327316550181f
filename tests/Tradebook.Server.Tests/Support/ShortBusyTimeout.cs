using Tradebook.Storage.Connection;

namespace Tradebook.Server.Tests.Support;

/// <summary>
/// The busy timeout shortened to half a second for a test's life, so that a lock held by another writer is answered
/// in time. Made before the test's database is opened, which reads it; only lock contention reads it, and no other
/// test contends for its own database.
/// </summary>
public sealed class ShortBusyTimeout : IDisposable
{
    private readonly string? _previous = Environment.GetEnvironmentVariable(BusyTimeout.Variable);

    public ShortBusyTimeout() => Environment.SetEnvironmentVariable(BusyTimeout.Variable, "500");

    public void Dispose() => Environment.SetEnvironmentVariable(BusyTimeout.Variable, _previous);
}
