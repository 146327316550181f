using System.Globalization;
using System.Text.Json;
using Tradebook.Import.Sources.GenericTrades;

namespace Tradebook.Import.Sources.JsonFiles;

/// <summary>
/// Lenient reading of values that legacy JSON writers spelled in several ways: numbers as numbers or
/// as invariant strings, times as the trade tables' reader reads them.
/// </summary>
internal static class JsonValues
{
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

    /// <summary>
    /// A time as the trade tables' reader reads one (<see cref="TradeValues.TryParseTime"/>): ISO-8601 (no zone = UTC),
    /// epoch seconds to nanoseconds told apart by size, as a number or in a string, and a date of numbers
    /// (<c>02/01/2024</c>) in the order of <paramref name="dates"/>, the one all of the source's times show.
    /// </summary>
    public static bool TryTimestamp(JsonElement value, out DateTimeOffset result, DateColumn? dates = null)
    {
        result = default;
        return value.ValueKind switch
        {
            JsonValueKind.Number => TradeValues.TryParseTime(value.GetRawText(), out result),
            JsonValueKind.String => TryParseTimestamp(value.GetString(), out result, dates),
            _ => false,
        };
    }

    /// <summary>A time written as text, read as <see cref="TryTimestamp"/> reads one.</summary>
    public static bool TryParseTimestamp(string? text, out DateTimeOffset result, DateColumn? dates = null)
    {
        result = default;
        return !string.IsNullOrWhiteSpace(text) && TradeValues.TryParseTime(text, out result, dates);
    }

    /// <summary>
    /// How the times of <paramref name="records"/> write dates of numbers (<c>02/01/2024</c>), from all of them
    /// (<see cref="NumericDates.Detect"/>), or the order the user gave.
    /// </summary>
    public static DateColumn? Dates(IEnumerable<JsonElement> records, DateOrder? given) =>
        given is { } order
            ? new DateColumn(order, Assumed: false)
            : NumericDates.Detect(records
                .Select(record => Find(record, JsonShapes.TimeKeys))
                .OfType<JsonElement>()
                .Where(time => time.ValueKind == JsonValueKind.String)
                .Select(time => time.GetString()!));

    /// <summary>Why <paramref name="time"/> (a record's time, or null when it has none) is not read, for a rejection.</summary>
    public static string TimeProblem(JsonElement? time, DateColumn? dates) =>
        time is { ValueKind: JsonValueKind.String } text && dates is { Order: null } && NumericDates.IsDate(text.GetString())
            ? $"timestamp {text.GetRawText()} may be day first or month first: the files write both"
            : $"timestamp {time?.GetRawText() ?? "absent"} cannot be parsed";
}
