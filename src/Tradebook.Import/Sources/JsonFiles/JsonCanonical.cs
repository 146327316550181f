using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tradebook.Import.Sources.JsonFiles;

/// <summary>
/// A canonical text of a JSON value: keys sorted, numbers by value (1 and 1.0 are equal, "1" is not),
/// so that records identical after parsing compare equal whatever their spacing or key order.
/// </summary>
internal static class JsonCanonical
{
    public static string Of(JsonElement value)
    {
        var builder = new StringBuilder();
        Write(builder, value);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                builder.Append('{');
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    builder.Append(JsonSerializer.Serialize(property.Name)).Append(':');
                    Write(builder, property.Value);
                    builder.Append(',');
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                foreach (var item in value.EnumerateArray())
                {
                    Write(builder, item);
                    builder.Append(',');
                }

                builder.Append(']');
                break;
            case JsonValueKind.Number:
                builder.Append(value.TryGetDecimal(out var d)
                    ? (d / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture)
                    : value.GetRawText());
                break;
            case JsonValueKind.String:
                builder.Append(JsonSerializer.Serialize(value.GetString()));
                break;
            default:
                builder.Append(value.GetRawText());
                break;
        }
    }
}
