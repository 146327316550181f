using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Tradebook.Server.Hosting;

/// <summary>
/// Amounts as JSON strings for a client that asks with <c>Prefer: decimals=string</c> (RFC 7240). The API writes
/// every amount as an exact JSON number, which a JavaScript client parses into a double and so rounds past about
/// 16 significant digits (0.123456789012345678 becomes 0.12345678901234568). Asked, a read's answer writes each
/// <c>decimal</c> as a string of the same digits instead, and says <c>Preference-Applied: decimals=string</c>.
/// Only answers of reads change; the API's description stays the one of numbers, as every other client gets.
/// </summary>
internal static class DecimalsAsText
{
    public const string Preference = "decimals=string";

    private static readonly JsonSerializerOptions Options = Create();

    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next) =>
        async invocation =>
        {
            var result = await next(invocation);
            var http = invocation.HttpContext;
            if (!HttpMethods.IsGet(http.Request.Method) || !Asked(http.Request))
            {
                return result;
            }

            var inner = result is INestedHttpResult nested ? nested.Result : result;
            if (inner is not (IValueHttpResult { Value: { } value } and IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK }) || inner is ProblemHttpResult)
            {
                return result;
            }

            http.Response.Headers["Preference-Applied"] = Preference;
            return TypedResults.Json(value, Options);
        };

    /// <summary>Whether the request's <c>Prefer</c> headers hold the preference (tokens are separated by commas, parameters by semicolons).</summary>
    private static bool Asked(HttpRequest request) =>
        request.Headers["Prefer"].SelectMany(v => (v ?? string.Empty).Split([',', ';'], StringSplitOptions.TrimEntries))
            .Any(token => string.Equals(token.Replace("\"", string.Empty, StringComparison.Ordinal), Preference, StringComparison.OrdinalIgnoreCase));

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiJson.Configure(options);
        options.Converters.Add(new DecimalText());
        return options;
    }

    /// <summary>A decimal written as the string of its digits, exactly as the number would be written.</summary>
    private sealed class DecimalText : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? decimal.Parse(reader.GetString()!, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture) : reader.GetDecimal();

        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }
}
