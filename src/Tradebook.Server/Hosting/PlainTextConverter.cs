using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tradebook.Server.Hosting;

/// <summary>
/// Text in a typed body (a bot's name, a heartbeat's version) may not hold U+0000, as a record's may not: SQLite
/// would keep it, PostgreSQL cannot store it, so a store that grew onto PostgreSQL would fail to take it over.
/// </summary>
internal sealed class PlainTextConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return text is not null && text.Contains('\0', StringComparison.Ordinal)
            ? throw new JsonException("the text holds U+0000 (NUL), which a database cannot keep as text")
            : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
