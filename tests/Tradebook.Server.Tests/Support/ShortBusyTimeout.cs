using Tradebook.Storage.Connection;

namespace Tradebook.Server.Tests.Support;

/// <summary>
/// The busy timeout shortened (to half a second unless said) for a test's life, so that a lock held by another writer is answered
/// in time. Made before the test's database is opened, which reads it. The variable is the process's: a test that
/// makes one runs in <see cref="ShortBusyTimeoutCollection"/>, alone, so that no other test's lock waits are cut short.
/// </summary>
public sealed class ShortBusyTimeout : IDisposable
{
    private readonly string? _previous = Environment.GetEnvironmentVariable(BusyTimeout.Variable);

    public ShortBusyTimeout(int milliseconds = 500) =>
        Environment.SetEnvironmentVariable(BusyTimeout.Variable, milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose() => Environment.SetEnvironmentVariable(BusyTimeout.Variable, _previous);
}

/// <summary>Tests that shorten the busy timeout: run after every other test, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ShortBusyTimeoutCollection
{
    public const string Name = "short busy timeout";
}
