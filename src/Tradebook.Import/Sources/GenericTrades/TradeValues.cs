using System.Globalization;
using System.Text;
using Tradebook.Core.Domain;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Sources.GenericTrades;

/// <summary>
/// Reads the values of one trade row, whatever storage class the other bot used. Each reader returns
/// false with a reason instead of throwing: a bad row is rejected, never fatal.
/// </summary>
internal static class TradeValues
{
    // Unix time is told apart by magnitude: 1e11 seconds is the year 5138, 1e11 milliseconds 1973.
    private const double MillisecondsFrom = 1e11;
    private const double MicrosecondsFrom = 1e14;
    private const double NanosecondsFrom = 1e17;

    private static readonly string[] NotFilled =
        ["cancelled", "canceled", "rejected", "failed", "expired", "pending", "open", "new", "error", "submitted", "starting", "ordered"];

    public static bool TryParseSide(string? text, out Side side)
    {
        side = default;
        return text is not null && SideWords.TryParse(text, out side);
    }

    /// <summary>The side of a row whose column's values mean sides by <paramref name="values"/> (a mapping's, or directions' signs).</summary>
    public static bool TryReadSide(SqliteRows row, int ordinal, IReadOnlyDictionary<string, Side> values, out Side side)
    {
        side = default;
        var text = row.Type(ordinal) switch
        {
            SqliteValueType.Null => null,
            SqliteValueType.Integer => row.Int64(ordinal).ToString(CultureInfo.InvariantCulture),
            _ => row.String(ordinal).Trim(),
        };
        return text is not null && values.TryGetValue(text, out side);
    }

    /// <summary>The side of a row, read from its text without making a string of it.</summary>
    public static bool TryReadSide(SqliteRows row, int ordinal, out Side side)
    {
        side = default;
        var type = row.Type(ordinal);
        if (type == SqliteValueType.Null)
        {
            return false;
        }

        if (type != SqliteValueType.Text || row.Utf8(ordinal).Length > 32)
        {
            return TryParseSide(row.String(ordinal), out side);
        }

        Span<char> chars = stackalloc char[32];
        return SideWords.TryParse(chars[..Encoding.UTF8.GetChars(row.Utf8(ordinal), chars)], out side);
    }

    /// <summary>
    /// A true/false flag as bots store it: an integer (0 or not), or text such as true/false, t/f, yes/no, 1/0.
    /// </summary>
    public static bool TryReadFlag(SqliteRows row, int ordinal, out bool flag)
    {
        flag = false;
        var type = row.Type(ordinal);
        if (type == SqliteValueType.Integer)
        {
            flag = row.Int64(ordinal) != 0;
            return true;
        }

        if (type == SqliteValueType.Null)
        {
            return false;
        }

        var text = row.String(ordinal).Trim();
        if (text is "1" || text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("t", StringComparison.OrdinalIgnoreCase)
            || text.Equals("yes", StringComparison.OrdinalIgnoreCase) || text.Equals("y", StringComparison.OrdinalIgnoreCase))
        {
            flag = true;
            return true;
        }

        return text is "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase) || text.Equals("f", StringComparison.OrdinalIgnoreCase)
            || text.Equals("no", StringComparison.OrdinalIgnoreCase) || text.Equals("n", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True for statuses that say the row never filled (cancelled, rejected, still open...).</summary>
    public static bool IsNotFilled(string status)
    {
        var value = status.AsSpan().Trim();
        foreach (var word in NotFilled)
        {
            if (value.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A decimal from the value as stored: an INTEGER exactly, a REAL through its shortest round-trip
    /// text, TEXT parsed from its own digits (never through double).
    /// </summary>
    public static bool TryReadDecimal(SqliteRows row, int ordinal, out decimal value)
    {
        value = 0;
        var type = row.Type(ordinal);
        if (type == SqliteValueType.Null)
        {
            return false;
        }

        if (type == SqliteValueType.Integer)
        {
            value = row.Int64(ordinal);
            return true;
        }

        if (type == SqliteValueType.Float)
        {
            return TryFromDouble(row.Double(ordinal), out value);
        }

        // UTF-8 digits parse as they are; anything unusual (non-ASCII spaces, a BLOB) goes through the string.
        if (type == SqliteValueType.Text
            && decimal.TryParse(row.Utf8(ordinal).Trim(" \t\r\n"u8), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        return decimal.TryParse(row.String(ordinal).AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// An amount, and the currency written after it if any: exchanges' exports write <c>0.01000000BTC</c> or
    /// <c>430 USDT</c>. The currency is null for a bare number; it starts with a letter, so <c>1e5</c> stays a number.
    /// Reports made for people write money as <c>$42,500.00</c> (<see cref="TryParseMoney"/>); its currency is unnamed.
    /// </summary>
    public static bool TryReadAmount(SqliteRows row, int ordinal, out decimal value, out string? currency)
    {
        currency = null;
        if (TryReadDecimal(row, ordinal, out value))
        {
            return true;
        }

        if (row.Type(ordinal) != SqliteValueType.Text)
        {
            return false;
        }

        var text = row.String(ordinal).AsSpan().Trim();
        if (TryParseMoney(text, out value))
        {
            return true;
        }

        var start = text.Length;
        while (start > 0 && char.IsAsciiLetterOrDigit(text[start - 1]))
        {
            start--;
        }

        while (start < text.Length && !char.IsAsciiLetter(text[start]))
        {
            start++;
        }

        if (start == 0 || text.Length - start < 2
            || !decimal.TryParse(text[..start].TrimEnd(), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        currency = text[start..].ToString().ToUpperInvariant();
        return true;
    }

    /// <summary>
    /// A fee: an amount as <see cref="TryReadAmount"/> reads one, or the fee object ccxt gives a trade, as a table
    /// keeps it when its trades were saved whole (pandas writes <c>{'cost': 0.0015, 'currency': 'BNB', 'rate':
    /// 0.00075}</c>, a JSON writer <c>{"cost": ...}</c>), alone or in a list, whose costs are added when they share a
    /// currency.
    /// </summary>
    public static bool TryReadFee(SqliteRows row, int ordinal, out decimal value, out string? currency)
    {
        if (TryReadAmount(row, ordinal, out value, out currency))
        {
            return true;
        }

        return row.Type(ordinal) == SqliteValueType.Text && TryParseFeeObject(row.String(ordinal), out value, out currency);
    }

    private static bool TryParseFeeObject(string text, out decimal value, out string? currency)
    {
        value = 0;
        currency = null;
        var trimmed = text.Trim();
        if (trimmed.Length < 2 || trimmed[0] is not ('{' or '['))
        {
            return false;
        }

        // Python's repr of a dict is JSON but for its quotes and its None, True and False.
        var json = trimmed.Contains('"', StringComparison.Ordinal)
            ? trimmed
            : trimmed.Replace('\'', '"').Replace("None", "null", StringComparison.Ordinal).Replace("True", "true", StringComparison.Ordinal).Replace("False", "false", StringComparison.Ordinal);
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            // No fee object, or none with a cost (an empty list): no fee.
            var fee = Core.Text.FeeObjects.Read(Core.Text.FeeObjects.Entries(document.RootElement), out var problem);
            (value, currency) = (fee?.Cost ?? 0m, fee?.Currency?.ToUpperInvariant());
            return problem is null;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Money as a report writes it for people: a currency sign before the digits (<c>$42500.00</c>, <c>-€5.10</c>,
    /// <c>$-5.10</c>) or digits grouped by thousands (<c>$42,500.00</c>, <c>1,234.5</c>). Grouping is read only where
    /// it cannot be a decimal comma: with a sign before it or a point after it, and in groups of exactly three
    /// digits, so <c>1,5</c> and a bare <c>1,500</c> (one and a half in much of Europe) stay unread.
    /// </summary>
    public static bool TryParseMoney(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0;
        var negative = text.StartsWith("-");
        var rest = negative ? text[1..].TrimStart() : text;
        var signed = rest.Length > 0 && char.GetUnicodeCategory(rest[0]) == UnicodeCategory.CurrencySymbol;
        if (signed)
        {
            rest = rest[1..].TrimStart();
            if (!negative && rest.StartsWith("-"))
            {
                negative = true;
                rest = rest[1..];
            }
        }

        var point = rest.IndexOf('.');
        var whole = point < 0 ? rest : rest[..point];
        var grouped = whole.Contains(',');
        if ((!signed && !grouped) || (grouped && ((!signed && point < 0) || !IsGroupedByThousands(whole))))
        {
            return false;
        }

        Span<char> digits = stackalloc char[rest.Length];
        var length = 0;
        foreach (var c in rest)
        {
            if (c != ',')
            {
                digits[length++] = c;
            }
        }

        if (!decimal.TryParse(digits[..length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        value = negative ? -value : value;
        return true;
    }

    /// <summary>1 to 3 digits, then groups of a comma and exactly 3 digits.</summary>
    private static bool IsGroupedByThousands(ReadOnlySpan<char> whole)
    {
        var groups = whole.ToString().Split(',');
        return groups[0].Length is >= 1 and <= 3
            && groups.All(g => g.Length > 0 && g.All(char.IsAsciiDigit))
            && groups.Skip(1).All(g => g.Length == 3);
    }

    /// <summary>
    /// A REAL column holds a binary double; its shortest round-trip text is the decimal the bot meant
    /// (0.1 stays 0.1), where a plain cast keeps only 15 significant digits or exposes binary noise.
    /// Formatted on the stack so that the hot loop allocates nothing for it.
    /// </summary>
    public static bool TryFromDouble(double number, out decimal value)
    {
        value = 0;
        if (!double.IsFinite(number))
        {
            return false;
        }

        // A double is finer than 15 significant digits, so when the cast (which rounds to 15) gives a
        // decimal that converts back to the same double, that decimal is the shortest text's value:
        // most prices and fees are read without formatting and parsing text.
        if (Math.Abs(number) < 1e15 && Math.Abs(number) > 1e-10)
        {
            var cast = (decimal)number;
            if ((double)cast == number)
            {
                value = cast;
                return true;
            }
        }

        Span<char> buffer = stackalloc char[32];
        return number.TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture)
            && decimal.TryParse(buffer[..written], NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// Reads ISO-8601 text, or unix time in seconds, milliseconds, microseconds or nanoseconds told apart by size; a
    /// date of numbers only as the column writes them (<paramref name="dates"/>).
    /// </summary>
    public static bool TryReadTime(SqliteRows row, int ordinal, out DateTimeOffset time, DateColumn? dates = null)
    {
        time = default;
        var type = row.Type(ordinal);
        if (type == SqliteValueType.Null)
        {
            return false;
        }

        if (type == SqliteValueType.Integer)
        {
            return TryFromCompactDate(row.Int64(ordinal), out time) || TryFromUnix(row.Int64(ordinal), out time);
        }

        if (type == SqliteValueType.Float)
        {
            return TryFromUnix(row.Double(ordinal), out time);
        }

        if (type == SqliteValueType.Text && row.Utf8(ordinal).Length <= 64)
        {
            Span<char> chars = stackalloc char[64];
            if (TryParseIsoFast(chars[..Encoding.UTF8.GetChars(row.Utf8(ordinal), chars)].Trim(), out time))
            {
                return true;
            }
        }

        return TryParseTime(row.String(ordinal), out time, dates);
    }

    public static bool TryParseTime(string text, out DateTimeOffset time, DateColumn? dates = null)
    {
        time = default;
        var value = text.AsSpan().Trim();
        if (value.IsEmpty)
        {
            return false;
        }

        if (TryParseIsoFast(value, out time))
        {
            return true;
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return TryFromCompactDate(whole, out time) || TryFromUnix(whole, out time);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var fractional))
        {
            return TryFromUnix(fractional, out time);
        }

        // Reports write the zone as a word after the time ("2024-01-03 14:02:11 UTC").
        if (value.EndsWith(" UTC", StringComparison.OrdinalIgnoreCase) || value.EndsWith(" GMT", StringComparison.OrdinalIgnoreCase))
        {
            value = value[..^4].TrimEnd();
            if (TryParseIsoFast(value, out time))
            {
                return true;
            }
        }

        // A date of numbers is read in its column's order; the general parser would read it month first. A column
        // whose dates show both orders has none of them read.
        if (dates is not null && NumericDates.IsDate(value))
        {
            if (dates.Order is { } order && NumericDates.TryParse(value, order, out time))
            {
                return true;
            }

            if (dates.Order != DateOrder.MonthFirst)
            {
                return false;
            }
        }

        // Text without an offset is UTC, as bots write it. The reports' shapes first: the general parser reads
        // "2024-01-02, 09:35:00" as midnight.
        return DateTimeOffset.TryParseExact(value, CompactFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time)
            || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    /// <summary>
    /// The shapes brokers' reports give a time in that the general parser does not read: Interactive Brokers'
    /// Flex queries (<c>20240102;093500</c>) and activity statements (<c>2024-01-02, 09:35:00</c>), FIX's
    /// <c>20240102-09:35:00.123</c>.
    /// </summary>
    private static readonly string[] CompactFormats =
    [
        "yyyyMMdd;HHmmss", "yyyyMMdd HHmmss", "yyyyMMdd HH:mm:ss", "yyyyMMdd-HH:mm:ss", "yyyyMMdd-HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd, HH:mm:ss", "yyyy-MM-dd;HH:mm:ss",
    ];

    /// <summary>
    /// A date written as a number, <c>yyyyMMdd</c> or <c>yyyyMMddHHmmss</c> (a broker's report, an integer column):
    /// read as the date it spells. As unix time it would be a moment of 1970 to 1973, or of the 26th century.
    /// </summary>
    private static bool TryFromCompactDate(long number, out DateTimeOffset time)
    {
        time = default;
        var format = number switch
        {
            >= 19_700_101 and <= 22_001_231 => "yyyyMMdd",
            >= 19_700_101_000_000 and <= 22_001_231_235_959 => "yyyyMMddHHmmss",
            _ => null,
        };
        return format is not null && DateTimeOffset.TryParseExact(
            number.ToString(CultureInfo.InvariantCulture), format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    /// <summary>
    /// The ISO-8601 shapes bots write (<c>2024-03-01 10:00:00.123</c>, <c>2024-03-01T10:00:00Z</c>,
    /// <c>...+02:00</c>) read digit by digit: a large table has one per row, and the general parser costs
    /// several times more. Anything else, or any field out of range, is left to the general parser.
    /// </summary>
    internal static bool TryParseIsoFast(ReadOnlySpan<char> value, out DateTimeOffset time)
    {
        time = default;
        if (value.Length < 19 || value[4] != '-' || value[7] != '-' || (value[10] != 'T' && value[10] != ' ')
            || value[13] != ':' || value[16] != ':')
        {
            return false;
        }

        if (!TryDigits(value, 0, 4, out var year) || !TryDigits(value, 5, 2, out var month) || !TryDigits(value, 8, 2, out var day)
            || !TryDigits(value, 11, 2, out var hour) || !TryDigits(value, 14, 2, out var minute) || !TryDigits(value, 17, 2, out var second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var i = 19;
        long fraction = 0;
        if (i < value.Length && value[i] == '.')
        {
            var digits = 0;
            for (i++; i < value.Length && char.IsAsciiDigit(value[i]); i++, digits++)
            {
                if (digits == 7)
                {
                    return false;
                }

                fraction = (fraction * 10) + (value[i] - '0');
            }

            if (digits == 0)
            {
                return false;
            }

            for (; digits < 7; digits++)
            {
                fraction *= 10;
            }
        }

        var offset = TimeSpan.Zero;
        if (i < value.Length)
        {
            if (value[i] == 'Z' && i == value.Length - 1)
            {
                i++;
            }
            else if (value.Length - i == 6 && (value[i] == '+' || value[i] == '-') && value[i + 3] == ':'
                && TryDigits(value, i + 1, 2, out var offsetHours) && TryDigits(value, i + 4, 2, out var offsetMinutes)
                && offsetHours <= 14 && offsetMinutes <= 59)
            {
                offset = new TimeSpan(offsetHours, offsetMinutes, 0) * (value[i] == '-' ? -1 : 1);
                i += 6;
            }
            else
            {
                return false;
            }
        }

        var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fraction - offset.Ticks;
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        time = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> value, int start, int count, out int number)
    {
        number = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }

            number = (number * 10) + (value[i] - '0');
        }

        return true;
    }

    private static bool TryFromUnix(long number, out DateTimeOffset time)
    {
        time = default;
        if (number <= 0)
        {
            return false;
        }

        long ticks;
        if (number >= NanosecondsFrom)
        {
            ticks = number / 100;
        }
        else if (number >= MicrosecondsFrom)
        {
            ticks = number * 10;
        }
        else if (number >= MillisecondsFrom)
        {
            ticks = number * TimeSpan.TicksPerMillisecond;
        }
        else
        {
            ticks = number * TimeSpan.TicksPerSecond;
        }

        return TryFromUnixTicks(ticks, out time);
    }

    private static bool TryFromUnix(double number, out DateTimeOffset time)
    {
        time = default;
        if (!double.IsFinite(number) || number <= 0 || number >= 1e19)
        {
            return false;
        }

        var scale = number >= NanosecondsFrom ? 0.01
            : number >= MicrosecondsFrom ? 10
            : number >= MillisecondsFrom ? TimeSpan.TicksPerMillisecond
            : TimeSpan.TicksPerSecond;
        var ticks = Math.Round(number * scale);
        return ticks < long.MaxValue / 2 && TryFromUnixTicks((long)ticks, out time);
    }

    private static bool TryFromUnixTicks(long ticks, out DateTimeOffset time)
    {
        time = default;
        if (ticks > DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks)
        {
            return false;
        }

        time = DateTimeOffset.UnixEpoch.AddTicks(ticks);
        return true;
    }
}
