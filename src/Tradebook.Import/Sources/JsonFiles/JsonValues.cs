using System.Globalization;
using System.Text.Json;

namespace Tradebook.Import.Sources.JsonFiles;

/// <summary>
/// Lenient reading of values that legacy JSON writers spelled in several ways: numbers as numbers or
/// as invariant strings, timestamps as ISO-8601 (no zone meaning UTC) or epoch seconds/milliseconds.
/// </summary>
internal static class JsonValues
{
    // Epoch values above this are milliseconds: 1e11 seconds is the year 5138, 1e11 ms is 1973.
    private const decimal MillisecondThreshold = 100_000_000_000m;

    /// <summary>The first of <paramref name="names"/> present on <paramref name="obj"/> (case-insensitive), or null.</summary>
    public static JsonElement? Find(JsonElement obj, params string[] names)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (obj.TryGetProperty(name, out var exact))
            {
                return exact;
            }
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (names.Any(n => string.Equals(n, property.Name, StringComparison.OrdinalIgnoreCase)))
            {
                return property.Value;
            }
        }

        return null;
    }

    public static bool Has(JsonElement obj, params string[] names) => Find(obj, names) is { } v && v.ValueKind != JsonValueKind.Null;

    public static string? String(JsonElement obj, params string[] names) =>
        Find(obj, names) is { } v
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
                _ => null,
            }
            : null;

    public static decimal? Decimal(JsonElement obj, params string[] names) =>
        Find(obj, names) is { } v && TryDecimal(v, out var d) ? d : null;

    /// <summary>A finite number, or a string holding one in invariant notation. NaN, Infinity and blanks fail.</summary>
    public static bool TryDecimal(JsonElement value, out decimal result)
    {
        result = 0;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                if (value.TryGetDecimal(out result))
                {
                    return true;
                }

                // Out of decimal's range or precision: go through the text form, never through double arithmetic.
                return decimal.TryParse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out result);
            case JsonValueKind.String:
                var text = value.GetString();
                return !string.IsNullOrWhiteSpace(text)
                    && decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out result);
            default:
                return false;
        }
    }

    public static bool TryTimestamp(JsonElement value, out DateTimeOffset result)
    {
        result = default;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var epoch))
        {
            return TryEpoch(epoch, out result);
        }

        return value.ValueKind == JsonValueKind.String && TryParseTimestamp(value.GetString(), out result);
    }

    /// <summary>ISO-8601 (no zone = UTC), <c>yyyy-MM-dd HH:mm:ss</c>, a date, or epoch digits.</summary>
    public static bool TryParseTimestamp(string? text, out DateTimeOffset result)
    {
        result = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (decimal.TryParse(trimmed, NumberStyles.Number, CultureInfo.InvariantCulture, out var epoch))
        {
            return TryEpoch(epoch, out result);
        }

        if (DateTimeOffset.TryParse(
                trimmed,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var parsed))
        {
            result = parsed.ToUniversalTime();
            return true;
        }

        return false;
    }

    private static bool TryEpoch(decimal epoch, out DateTimeOffset result)
    {
        result = default;
        try
        {
            var ms = Math.Abs(epoch) >= MillisecondThreshold ? epoch : epoch * 1000m;
            result = DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(ms)).ToUniversalTime();
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
