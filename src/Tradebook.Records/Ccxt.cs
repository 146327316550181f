using System.Text.Json;
using System.Text.Json.Nodes;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Core.Text;

namespace Tradebook.Records;

/// <summary>
/// Trades and orders in ccxt's unified structures, what <c>fetch_my_trades()</c>, <c>create_order()</c> and
/// <c>fetch_orders()</c> give a bot in Python, JavaScript, Go or C#, read as the fills and orders they are. Both
/// name the exchange's order id the same way (a trade's <c>order</c>, an order's <c>id</c>), so a trade's fill
/// executes the ccxt order once the bot records it, before or after the trade. What a record has no place for
/// (<c>info</c>, the exchange's own payload; values derived from others, such as <c>cost</c>) is accepted and not
/// kept; anything else unknown is refused as in any record. See docs/record-format.md.
/// </summary>
internal static class Ccxt
{
    /// <summary>Fields only a ccxt structure has: with <c>amount</c>, which the record format names <c>qty</c>, they tell one.</summary>
    private static readonly string[] Markers = ["info", "datetime", "takerOrMaker", "cost", "order", "fees", "clientOrderId", "filled", "remaining"];

    private static readonly string[] TradeNotKept = ["cost", "type", "takerOrMaker", "info", "datetime"];

    private static readonly string[] OrderNotKept =
    [
        "info", "datetime", "clientOrderId", "lastTradeTimestamp", "lastUpdateTimestamp", "timeInForce", "average", "filled", "remaining",
        "cost", "trades", "fee", "fees", "reduceOnly", "postOnly", "stopPrice", "triggerPrice", "takeProfitPrice", "stopLossPrice",
    ];

    /// <summary>Whether <paramref name="element"/>, read as a fill or an order, is in ccxt's shape.</summary>
    public static bool Is(JsonElement element) =>
        element.TryGetProperty("amount", out _) && Markers.Any(marker => element.TryGetProperty(marker, out _));

    /// <summary>
    /// Whether <paramref name="element"/> is an order in ccxt's structure, which only an order has: its <c>status</c> and
    /// what it has <c>filled</c> or has <c>remaining</c>.
    /// </summary>
    private static bool IsOrder(JsonElement element) =>
        element.TryGetProperty("status", out _) && (element.TryGetProperty("filled", out _) || element.TryGetProperty("remaining", out _));

    /// <summary>The fill <paramref name="trade"/> is, in the record format's fields; refuses a fee it cannot take.</summary>
    public static JsonElement TradeAsFill(JsonElement trade, string where)
    {
        // An order sent where a fill is read (in a list of records without "kind", or to a bot's fills) would be
        // refused for its first field a fill does not have, naming a field it never meant.
        if (IsOrder(trade))
        {
            throw new TradebookException(
                ErrorCode.InvalidInput,
                $"{where}: an order in ccxt's structure (it has \"status\" and \"filled\"), not a trade: send it as an order (\"kind\": \"order\", in \"orders\", or to the bot's /orders); nothing was written");
        }

        var fill = Copy(trade, TradeNotKept, ["fee", "fees"], new(StringComparer.Ordinal) { ["amount"] = "qty", ["order"] = "exchange_order_id" }, where);
        if (Fee(trade, where) is { } fee)
        {
            Set(fill, "fee", fee.Cost, where);
            if (fee.Currency is not null)
            {
                Set(fill, "fee_currency", fee.Currency, where);
            }
        }

        if (fill["id"] is null)
        {
            fill["id"] = IdOf(fill);
        }

        return JsonSerializer.SerializeToElement(fill);
    }

    /// <summary>
    /// The id of a trade the exchange gave none (ccxt leaves <c>id</c> undefined for a few exchanges): made from what
    /// the trade is (its order, time, side, quantity and price), so that the same trade sent again is found again. Two
    /// fills of one order at the same millisecond, side, quantity and price are then one.
    /// </summary>
    private static string IdOf(JsonObject fill)
    {
        var identity = string.Join('|', new[] { "exchange_order_id", "ts", "symbol", "side", "qty", "price" }.Select(name => fill[name]?.ToJsonString() ?? "null"));
        return "ccxt-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(identity)))[..20];
    }

    /// <summary>
    /// The order <paramref name="order"/> is: its <c>id</c> (the exchange's, which its trades name) is the order's id
    /// and its exchange order id, <c>amount</c> its quantity, and a <c>closed</c> order is <c>filled</c>.
    /// </summary>
    public static JsonElement OrderAsOrder(JsonElement order, string where)
    {
        var record = Copy(order, OrderNotKept, [], new(StringComparer.Ordinal) { ["amount"] = "qty" }, where);
        if (order.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
        {
            Set(record, "exchange_order_id", id.GetString(), where);
        }

        // ccxt's "closed" is what Tradebook's orders call filled; its other statuses (open, canceled, expired, rejected)
        // are kept as it writes them.
        if (record["status"] is JsonValue status && status.TryGetValue<string>(out var text) && text == "closed")
        {
            record["status"] = OrderStatus.Filled.ToText();
        }

        return JsonSerializer.SerializeToElement(record);
    }

    /// <summary>
    /// The fields of <paramref name="structure"/> under the record format's names, its time from <c>timestamp</c>
    /// (milliseconds) or, when that is null, <c>datetime</c>.
    /// </summary>
    private static JsonObject Copy(JsonElement structure, string[] notKept, string[] readApart, Dictionary<string, string> renamed, string where)
    {
        var record = new JsonObject();
        foreach (var property in structure.EnumerateObject())
        {
            if (property.Name != "timestamp" && !notKept.Contains(property.Name) && !readApart.Contains(property.Name))
            {
                Set(record, renamed.GetValueOrDefault(property.Name, property.Name), JsonNode.Parse(property.Value.GetRawText()), where);
            }
        }

        var time = structure.TryGetProperty("timestamp", out var timestamp) && timestamp.ValueKind != JsonValueKind.Null ? timestamp
            : structure.TryGetProperty("datetime", out var datetime) ? datetime
            : default;
        if (time.ValueKind != JsonValueKind.Undefined)
        {
            Set(record, "ts", JsonNode.Parse(time.GetRawText()), where);
        }

        return record;
    }

    /// <summary>A field of the record, which the structure may give once: <c>amount</c> and <c>qty</c> together are refused.</summary>
    private static void Set(JsonObject record, string name, JsonNode? value, string where)
    {
        if (record.ContainsKey(name))
        {
            throw Refused(where, $"it gives \"{name}\" twice, as ccxt names it and as the record format does; give one of them");
        }

        record[name] = value;
    }

    /// <summary>
    /// The trade's fee: its <c>fees</c> added up when they are in one currency, else its <c>fee</c>
    /// (<see cref="FeeObjects"/>); null when it names none. ccxt's <c>rate</c> is the fee's share of the cost, not the
    /// record format's <c>fee_rate</c>, and is not kept.
    /// </summary>
    private static (JsonNode Cost, string? Currency)? Fee(JsonElement trade, string where)
    {
        IEnumerable<JsonElement> entries = [];
        if (trade.TryGetProperty("fees", out var fees) && fees.ValueKind == JsonValueKind.Array && fees.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Null))
        {
            entries = fees.EnumerateArray();
        }
        else if (fees.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.Array))
        {
            throw Refused(where, $"\"fees\" must be a list of {{\"cost\", \"currency\"}}, found {Shown.Plain(fees.GetRawText())}");
        }
        else if (trade.TryGetProperty("fee", out var one))
        {
            entries = [one];
        }

        return FeeObjects.Read(entries, out var problem) is { } fee ? (JsonValue.Create(fee.Cost), fee.Currency)
            : problem is null ? null
            : throw Refused(where, problem);
    }

    private static TradebookException Refused(string where, string problem) =>
        new(ErrorCode.InvalidInput, $"{where}: a ccxt structure: {problem}; nothing was written");
}
