using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tradebook.Import.Doctor;

/// <summary>Finds timestamp-like columns and the latest instant they hold, whatever the storage format (ISO text, epoch numbers).</summary>
internal static class Timestamps
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "timestamp", "date", "time", "datetime", "ts", "created", "updated", "modified", "time_stamp",
    };

    private static readonly string[] Suffixes = ["_at", "_date", "_time", "_ts", "_timestamp", "_datetime"];

    public static bool IsTimestampColumn(string name, string declaredType) =>
        Names.Contains(name)
        || Suffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase))
        || declaredType.Contains("DATE", StringComparison.OrdinalIgnoreCase)
        || declaredType.Contains("TIME", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The latest instant in a column that is not after <paramref name="now"/>; values in the future
    /// (expiry dates, scheduled jobs, bad clocks) say nothing about when the copy was last written.
    /// </summary>
    public static DateTimeOffset? Latest(SqliteConnection connection, string table, string column, DateTimeOffset now)
    {
        var c = SqliteQueries.Q(column);
        var nowSeconds = now.ToUnixTimeSeconds();
        var sql = $"""
            SELECT
              MAX(CASE WHEN typeof({c}) = 'text' AND {c} <= @iso THEN {c} END),
              MAX(CASE WHEN typeof({c}) IN ('integer', 'real') AND {c} BETWEEN 1000000000 AND @s THEN {c} END),
              MAX(CASE WHEN typeof({c}) IN ('integer', 'real') AND {c} BETWEEN 1000000000000 AND @ms THEN {c} END),
              MAX(CASE WHEN typeof({c}) IN ('integer', 'real') AND {c} BETWEEN 1000000000000000 AND @us THEN {c} END)
            FROM {SqliteQueries.Q(table)}
            """;
        var row = SqliteQueries.Rows(
            connection,
            sql,
            ("@iso", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
            ("@s", nowSeconds),
            ("@ms", nowSeconds * 1000),
            ("@us", nowSeconds * 1_000_000))[0];
        DateTimeOffset? best = null;
        Consider(row[0] is string text ? Parse(text) : null);
        Consider(row[1] is { } s ? FromEpoch(Convert.ToDouble(s, CultureInfo.InvariantCulture), 1) : null);
        Consider(row[2] is { } ms ? FromEpoch(Convert.ToDouble(ms, CultureInfo.InvariantCulture), 1000) : null);
        Consider(row[3] is { } us ? FromEpoch(Convert.ToDouble(us, CultureInfo.InvariantCulture), 1_000_000) : null);
        return best;

        void Consider(DateTimeOffset? candidate)
        {
            if (candidate is { } value && value <= now && (best is null || value > best))
            {
                best = value;
            }
        }
    }

    /// <summary>Parses ISO-like text (with or without zone, space or T separator) as UTC, or epoch digits stored as text.</summary>
    public static DateTimeOffset? Parse(string text)
    {
        var trimmed = text.Trim();
        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed.ToUniversalTime();
        }

        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number switch
            {
                >= 1e9 and < 1e11 => FromEpoch(number, 1),
                >= 1e12 and < 1e14 => FromEpoch(number, 1000),
                >= 1e15 and < 1e17 => FromEpoch(number, 1_000_000),
                _ => null,
            };
        }

        return null;
    }

    // Epoch values are read as double only to scale them; sub-millisecond precision is irrelevant for "last activity".
    private static DateTimeOffset FromEpoch(double value, double perSecond) =>
        DateTimeOffset.UnixEpoch.AddMilliseconds(Math.Round(value / perSecond * 1000));

    /// <summary>Normalises a timestamp value to an instant so that two copies writing it differently still compare equal.</summary>
    public static string? Normalise(object? value) => value switch
    {
        string s when Parse(s) is { } instant => instant.ToString("O", CultureInfo.InvariantCulture),
        _ => SqliteQueries.Text(value),
    };
}
