namespace Tradebook.Core.Time;

/// <summary>The source of "now". Injected so that nothing in Tradebook reads the wall clock directly.</summary>
public interface IClock
{
    DateTimeOffset UtcNow { get; }
}

/// <summary>The wall clock.</summary>
public sealed class SystemClock : IClock
{
    public static readonly SystemClock Instance = new();

    private SystemClock()
    {
    }

    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
}

/// <summary>A clock that moves only when told to; for tests.</summary>
public sealed class FakeClock(DateTimeOffset start) : IClock
{
    public DateTimeOffset UtcNow { get; private set; } = start;

    public void Advance(TimeSpan by) => UtcNow += by;
}
