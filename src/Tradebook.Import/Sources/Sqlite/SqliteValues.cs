using System.Globalization;
using Microsoft.Data.Sqlite;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Sources;

/// <summary>Reads SQLite values into Tradebook's types: decimals from their text form, times in UTC.</summary>
internal static class SqliteValues
{
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        "yyyy-MM-ddTHH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz",
    ];

    /// <summary>The value as text; a REAL as <see cref="SqliteReal.Text"/> writes it, whatever the engine.</summary>
    public static string? Text(this SqliteDataReader reader, string column)
    {
        var i = reader.GetOrdinal(column);
        if (reader.IsDBNull(i))
        {
            return null;
        }

        // GetFieldType is the storage class of this row's value.
        return reader.GetFieldType(i) == typeof(double) ? SqliteReal.Text(reader.GetDouble(i)) : reader.GetString(i);
    }

    /// <summary>
    /// A decimal from the column's text. A REAL is rendered with 15 significant digits, so parsing
    /// that text gives the value the writer meant (0.1, not 0.1000000000000000055...) without ever
    /// going through double arithmetic.
    /// </summary>
    public static decimal? Decimal(this SqliteDataReader reader, string column)
    {
        var text = reader.Text(column);
        return ParseDecimal(text);
    }

    public static decimal? ParseDecimal(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        // Beyond decimal's range (e.g. 1e30 sentinels): go through double and clamp rather than fail the row.
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsNaN(d)
            ? (d > 0 ? decimal.MaxValue : decimal.MinValue)
            : null;
    }

    public static long? Long(this SqliteDataReader reader, string column)
    {
        var i = reader.GetOrdinal(column);
        return reader.IsDBNull(i) ? null : reader.GetInt64(i);
    }

    /// <summary>SQLite booleans are 0/1 integers, sometimes the text 'true'/'false'.</summary>
    public static bool Bool(this SqliteDataReader reader, string column)
    {
        var text = reader.Text(column);
        return text is not null && (text == "1" || text.Equals("true", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A time stored as text without an offset is UTC (SQLAlchemy writes naive UTC times).</summary>
    public static DateTimeOffset? Time(this SqliteDataReader reader, string column) => ParseTime(reader.Text(column));

    public static DateTimeOffset? ParseTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var exact))
        {
            return exact;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var loose)
            ? loose
            : null;
    }

    /// <summary>Epoch milliseconds, or seconds when the number is too small to be milliseconds.</summary>
    public static DateTimeOffset FromEpoch(long value) =>
        value > 100_000_000_000L ? DateTimeOffset.FromUnixTimeMilliseconds(value) : DateTimeOffset.FromUnixTimeSeconds(value);
}
