using System.Globalization;
using System.Text.RegularExpressions;

namespace Tradebook.Records;

/// <summary>
/// The times a record may give: ISO-8601 text (an offset is honoured, none means UTC) or a Unix time as a JSON
/// number, in seconds, milliseconds, microseconds or nanoseconds. Local spellings such as <c>02/03/2026 10:00</c> are refused: whether
/// that is 2 March or 3 February depends on who wrote it.
/// </summary>
internal static partial class RecordTime
{
    /// <summary>Below this magnitude a Unix time is in seconds, from it in milliseconds (ms passed 1e11 in 1973).</summary>
    private const long MillisecondsFrom = 100_000_000_000;

    /// <summary>From this magnitude a whole Unix time is in microseconds (they passed 1e14 in 1973).</summary>
    private const long MicrosecondsFrom = 100_000_000_000_000;

    /// <summary>From this magnitude a whole Unix time is in nanoseconds (they passed 1e17 in 1973).</summary>
    private const long NanosecondsFrom = 100_000_000_000_000_000;

    /// <summary>How a Unix time's unit is told from its size, for messages.</summary>
    public const string Units = "seconds below 1e11, milliseconds below 1e14, microseconds below 1e17, nanoseconds from there";

    public const string Expected = "an ISO-8601 time (2026-03-02T10:15:00Z, 2026-03-02T12:15:00+02:00, 2026-03-02) or Unix seconds, milliseconds, microseconds or nanoseconds as a number";

    // yyyy-MM-dd, then optionally THH:mm[:ss[.fraction]] (T or one space), then optionally Z or ±hh[:mm].
    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?(Z|z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Iso8601();

    /// <summary>An ISO-8601 time; null with a reason when <paramref name="text"/> is not one or names no real time.</summary>
    public static DateTimeOffset? FromText(string text, out string? problem)
    {
        var match = Iso8601().Match(text);
        if (!match.Success)
        {
            problem = "not ISO-8601";
            return null;
        }

        try
        {
            var g = match.Groups;
            var date = new DateTime(Int(g[1]), Int(g[2]), Int(g[3]), g[4].Success ? Int(g[4]) : 0, g[5].Success ? Int(g[5]) : 0, g[6].Success ? Int(g[6]) : 0, DateTimeKind.Unspecified);
            if (g[7].Success)
            {
                // Seven digits are .NET's ticks; finer digits (nanoseconds) are cut, as storage keeps microseconds.
                date = date.AddTicks(long.Parse(g[7].Value.PadRight(7, '0')[..7], CultureInfo.InvariantCulture));
            }

            problem = null;
            return new DateTimeOffset(date, Offset(g[8].Value)).ToUniversalTime();
        }
        catch (ArgumentException)
        {
            problem = "no such date or time";
            return null;
        }
    }

    /// <summary>
    /// Unix seconds, or milliseconds from 1e11 on, microseconds from 1e14 on (Python's <c>time.time_ns() // 1000</c>),
    /// nanoseconds from 1e17 on (Go's <c>UnixNano()</c>, Python's <c>time.time_ns()</c>): told apart by size, as each
    /// unit passed the bound below it in 1973. Nanoseconds are cut to ticks. Null when outside the years 0001 to 9999
    /// (the caller also checks <see cref="Core.Domain.TradingTime"/>).
    /// </summary>
    public static DateTimeOffset? FromUnix(long value)
    {
        var magnitude = value == long.MinValue ? long.MaxValue : Math.Abs(value);
        var ticks = magnitude < MillisecondsFrom ? (decimal)value * TimeSpan.TicksPerSecond
            : magnitude < MicrosecondsFrom ? (decimal)value * TimeSpan.TicksPerMillisecond
            : magnitude < NanosecondsFrom ? (decimal)value * TimeSpan.TicksPerMicrosecond
            : decimal.Truncate((decimal)value / 100);
        var fromEpoch = ticks + DateTimeOffset.UnixEpoch.UtcTicks;
        return fromEpoch < DateTimeOffset.MinValue.UtcTicks || fromEpoch > DateTimeOffset.MaxValue.UtcTicks
            ? null
            : DateTimeOffset.UnixEpoch.AddTicks((long)ticks);
    }

    /// <summary>
    /// Unix seconds or milliseconds with a fraction, as Python's <c>time.time()</c> and JavaScript's
    /// <c>Date.now() / 1000</c> give them (told apart by size as whole ones are); digits below a tick are cut.
    /// Null past the year 5138, far outside what a record may name either way.
    /// </summary>
    public static DateTimeOffset? FromUnix(decimal value)
    {
        // Seconds stay below 1e11 (the year 5138), and milliseconds are cut off at the same year, where ticks still fit a long.
        var milliseconds = Math.Abs(value) >= MillisecondsFrom;
        if (milliseconds && Math.Abs(value) >= 1e14m)
        {
            return null;
        }

        var ticks = decimal.Truncate(value * (milliseconds ? TimeSpan.TicksPerMillisecond : TimeSpan.TicksPerSecond));
        return DateTimeOffset.UnixEpoch.AddTicks((long)ticks);
    }

    private static int Int(Group group) => int.Parse(group.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    private static TimeSpan Offset(string text)
    {
        if (text.Length == 0 || text is "Z" or "z")
        {
            return TimeSpan.Zero;
        }

        var digits = text[1..].Replace(":", string.Empty, StringComparison.Ordinal);
        var hours = int.Parse(digits[..2], NumberStyles.None, CultureInfo.InvariantCulture);
        var minutes = digits.Length > 2 ? int.Parse(digits[2..], NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        if (minutes > 59)
        {
            throw new ArgumentOutOfRangeException(nameof(text), text, "offset minutes");
        }

        var offset = new TimeSpan(hours, minutes, 0);
        return text[0] == '-' ? -offset : offset;
    }
}
