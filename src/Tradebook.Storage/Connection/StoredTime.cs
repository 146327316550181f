using System.Globalization;

namespace Tradebook.Storage.Connection;

/// <summary>
/// How the ledger stores a time: fixed-width ISO-8601 UTC text with microseconds on SQLite (it sorts in
/// time order), <c>timestamptz</c> on PostgreSQL; and how a stored time is read back from either.
/// </summary>
public static class StoredTime
{
    /// <summary>The length of SQLite's timestamp text, <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>.</summary>
    internal const int SqliteLength = 27;

    /// <summary>A timestamp as a parameter value: ISO-8601 UTC text on SQLite, timestamptz (to the microsecond) on PostgreSQL.</summary>
    public static object Parameter(SqlEngine engine, DateTimeOffset value) =>
        engine == SqlEngine.Sqlite ? Text(value) : TruncateToMicroseconds(value.UtcDateTime);

    /// <summary>The fixed-width ISO-8601 UTC text SQLite stores: it sorts in time order.</summary>
    public static string Text(DateTimeOffset value)
    {
        Span<byte> utf8 = stackalloc byte[SqliteLength];
        FormatSqlite(value, utf8);
        return System.Text.Encoding.ASCII.GetString(utf8);
    }

    /// <summary>
    /// Writes <paramref name="value"/> as SQLite's timestamp text, <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c> in UTC,
    /// digit by digit: the ledger writes one per fill, and a custom format string is parsed on every call.
    /// </summary>
    internal static void FormatSqlite(DateTimeOffset value, Span<byte> utf8)
    {
        var utc = value.UtcDateTime;
        Digits(utf8[..4], utc.Year);
        utf8[4] = (byte)'-';
        Digits(utf8[5..7], utc.Month);
        utf8[7] = (byte)'-';
        Digits(utf8[8..10], utc.Day);
        utf8[10] = (byte)'T';
        Digits(utf8[11..13], utc.Hour);
        utf8[13] = (byte)':';
        Digits(utf8[14..16], utc.Minute);
        utf8[16] = (byte)':';
        Digits(utf8[17..19], utc.Second);
        utf8[19] = (byte)'.';
        Digits(utf8[20..26], (int)(utc.Ticks % TimeSpan.TicksPerSecond / 10));
        utf8[26] = (byte)'Z';

        static void Digits(Span<byte> into, int number)
        {
            for (var i = into.Length - 1; i >= 0; i--)
            {
                into[i] = (byte)('0' + (number % 10));
                number /= 10;
            }
        }
    }

    /// <summary>
    /// A timestamp as a SQL literal in the fixed-width ISO-8601 UTC form: stored as is by SQLite, and
    /// cast to timestamptz by PostgreSQL.
    /// </summary>
    public static string Literal(DateTimeOffset value) => $"'{Text(value)}'";

    /// <summary>A stored time as either engine gives it back (text, DateTime or DateTimeOffset), in UTC.</summary>
    public static DateTimeOffset Read(object value) => value switch
    {
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        DateTimeOffset dto => dto.ToUniversalTime(),
        string s => TryParseSqlite(s, out var parsed)
            ? parsed
            : DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        _ => throw new InvalidCastException($"Not a timestamp: {value.GetType().Name}"),
    };

    public static DateTimeOffset? ReadOrNull(object? value) =>
        value is null or DBNull ? null : Read(value);

    /// <summary>
    /// Reads the text <see cref="FormatSqlite"/> writes, digit by digit: a replay reads one per fill, and
    /// the general parser cost more than the rest of the row. Any other text is left to the general parser.
    /// </summary>
    internal static bool TryParseSqlite(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length != SqliteLength || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':'
            || text[16] != ':' || text[19] != '.' || text[26] != 'Z')
        {
            return false;
        }

        var year = Number(text, 0, 4);
        var month = Number(text, 5, 2);
        var day = Number(text, 8, 2);
        var hour = Number(text, 11, 2);
        var minute = Number(text, 14, 2);
        var second = Number(text, 17, 2);
        var micro = Number(text, 20, 6);
        if (year < 1 || micro < 0 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 59)
        {
            return false;
        }

        value = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(micro * 10L));
        return true;

        // -1 when a character is not a digit, which fails the range checks above.
        static int Number(ReadOnlySpan<char> text, int start, int length)
        {
            var number = 0;
            for (var i = start; i < start + length; i++)
            {
                var digit = text[i] - '0';
                if (digit is < 0 or > 9)
                {
                    return -1;
                }

                number = (number * 10) + digit;
            }

            return number;
        }
    }

    private static DateTime TruncateToMicroseconds(DateTime utc) => new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
}
