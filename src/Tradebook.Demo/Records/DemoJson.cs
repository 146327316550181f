using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Tradebook.Demo.Market;

namespace Tradebook.Demo.Records;

/// <summary>
/// The demo's JSON: the record format's snake_case field names, enums as lower-case text, decimals
/// as exact JSON numbers, times as ISO-8601 UTC, and absent values left out.
/// </summary>
public static class DemoJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Prompts and notes keep their quotes and plus signs readable; the body is JSON, not HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new UtcTimeConverter() },
    };

    /// <summary>A turn as the body of <c>POST /api/v1/bots/{bot}/turns</c>.</summary>
    public static JsonObject Turn(BotTurn turn) => (JsonObject)JsonSerializer.SerializeToNode(turn, Options)!;

    /// <summary>A turn's body as text.</summary>
    public static string TurnText(BotTurn turn) => Turn(turn).ToJsonString(Options);

    /// <summary>
    /// A turn as records for <c>POST /api/v1/records</c>: the same objects, each with its
    /// <c>kind</c> and <c>bot</c>, in the order a reader needs them (signals before the decision that
    /// cites them, orders before their fills).
    /// </summary>
    public static IEnumerable<JsonObject> Records(string bot, BotTurn turn)
    {
        foreach (var s in turn.Signals)
        {
            yield return Record("signal", bot, s);
        }

        if (turn.Decision is { } d)
        {
            yield return Record("decision", bot, d);
        }

        foreach (var o in turn.Orders)
        {
            yield return Record("order", bot, o);
        }

        foreach (var f in turn.Fills)
        {
            yield return Record("fill", bot, f);
        }

        foreach (var c in turn.CashFlows)
        {
            yield return Record("cash_flow", bot, c);
        }

        if (turn.Snapshot is { } snapshot)
        {
            yield return Record("snapshot", bot, snapshot);
        }
    }

    /// <summary>A price bar record (kind <c>price_bar</c>) of one symbol's bar.</summary>
    public static JsonObject PriceBar(string symbol, Bar bar) => new()
    {
        ["kind"] = "price_bar",
        ["symbol"] = symbol,
        ["interval"] = MarketHistory.IntervalText,
        ["ts"] = Time(bar.Ts),
        ["open"] = bar.Open,
        ["high"] = bar.High,
        ["low"] = bar.Low,
        ["close"] = bar.Close,
        ["volume"] = bar.Volume,
    };

    /// <summary>A time as the demo writes it: <c>2026-01-01T10:00:00Z</c>.</summary>
    public static string Time(DateTimeOffset ts) => ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonObject Record<T>(string kind, string bot, T value)
    {
        var body = (JsonObject)JsonSerializer.SerializeToNode(value, Options)!;
        var record = new JsonObject { ["kind"] = kind, ["bot"] = bot };
        foreach (var (name, node) in body.ToList())
        {
            body.Remove(name);
            record[name] = node;
        }

        return record;
    }

    private sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(Time(value));
    }
}
