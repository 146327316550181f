using System.Text.Json;

namespace Tradebook.Import.Sources.JsonFiles;

/// <summary>What a JSON record or file holds, judged by its keys and values only.</summary>
internal enum JsonShape
{
    Other,
    Trade,
    Signal,
    Holdings,
    Status,
}

internal static class JsonShapes
{
    public static readonly string[] SymbolKeys = ["symbol", "pair", "ticker", "market"];
    public static readonly string[] SideKeys = ["action", "side", "direction"];
    public static readonly string[] QuantityKeys = ["amount", "qty", "quantity", "size", "volume"];
    public static readonly string[] PriceKeys = ["price", "px", "fill_price", "avg_price"];
    public static readonly string[] TimeKeys = ["timestamp", "time", "ts", "datetime", "date", "created_at", "executed_at"];
    public static readonly string[] SignalKeys = ["final_signal", "signal", "recommendation"];
    public static readonly string[] IdKeys = ["id", "trade_id", "uuid"];

    public static JsonShape OfRecord(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object || !JsonValues.Has(record, SymbolKeys))
        {
            return JsonShape.Other;
        }

        if (JsonValues.Has(record, SignalKeys))
        {
            return JsonShape.Signal;
        }

        return JsonValues.Has(record, SideKeys) && JsonValues.Find(record, QuantityKeys) is not null ? JsonShape.Trade : JsonShape.Other;
    }

    /// <summary>An object keyed by symbol whose values carry a quantity: a bot's running holdings.</summary>
    public static bool IsHoldings(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.EnumerateObject().Any()
        && root.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.Object
            && JsonValues.Find(p.Value, QuantityKeys) is not null
            && !JsonValues.Has(p.Value, SideKeys));

    /// <summary>A bot's status object: says whether it ran live or dry.</summary>
    public static bool IsStatus(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && (JsonValues.Has(root, "dry_run", "dryRun") || JsonValues.Has(root, "mode", "trading_mode"))
        && !JsonValues.Has(root, SymbolKeys);

    /// <summary>Records of a parsed file: its array, or the single array property of its object.</summary>
    public static IReadOnlyList<JsonElement>? Records(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return [.. root.EnumerateArray()];
        }

        if (root.ValueKind == JsonValueKind.Object)
        {
            var arrays = root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array).ToList();
            if (arrays.Count == 1)
            {
                return [.. arrays[0].Value.EnumerateArray()];
            }
        }

        return null;
    }

    /// <summary>The shape most records have, when more than half share it.</summary>
    public static JsonShape Majority(IEnumerable<JsonElement> records)
    {
        var shapes = records.Select(OfRecord).ToList();
        if (shapes.Count == 0)
        {
            return JsonShape.Other;
        }

        var top = shapes.GroupBy(s => s).OrderByDescending(g => g.Count()).First();
        return top.Key != JsonShape.Other && top.Count() * 2 > shapes.Count ? top.Key : JsonShape.Other;
    }
}
