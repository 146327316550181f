using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tradebook.Server.Hosting;

/// <summary>
/// The API's JSON: snake_case, enums as lower-case text, decimals as exact numbers, and a body field the
/// API does not know, or one given twice, is an error rather than silently ignored or overwritten (a typo
/// must never lose data).
/// </summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = new ApiNaming();
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.NumberHandling = JsonNumberHandling.AllowReadingFromString;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new UtcTimeConverter());
        options.Converters.Add(new PlainTextConverter());
    }

    /// <summary>snake_case, and a record's own time is <c>ts</c>, as in the record format bots write.</summary>
    private sealed class ApiNaming : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name == "Timestamp" ? "ts" : SnakeCaseLower.ConvertName(name);
    }
}
