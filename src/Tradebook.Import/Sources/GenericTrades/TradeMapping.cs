using System.Text.Json;
using Tradebook.Core.Domain;
using Tradebook.Core.Text;

namespace Tradebook.Import.Sources.GenericTrades;

/// <summary>
/// A user's mapping of a trades table, overriding detection:
/// <c>{"table": "fills", "columns": {"symbol": "instr", "side": "dir", ...}, "bot": "my bot"}</c>.
/// A trade given as two amounts maps <c>base_asset</c>, <c>quote_asset</c>, <c>quantity</c> (the base amount),
/// <c>quote_amount</c> and <c>selling</c> (or <c>buying</c>) instead of symbol, price and side.
/// Roles the mapping leaves out are still detected in the mapped table. <c>"fees_paid": "negative"</c> (or
/// <c>"positive"</c>) says how the fee column writes a fee paid, and <c>"date_order": "day_first"</c> (or
/// <c>"month_first"</c>) how its dates of numbers are written, where detection would tell them from the values;
/// <c>"sides": {"0": "buy", "1": "sell"}</c> what a side column's values mean (a C# enum stored as a number).
/// </summary>
public sealed record TradeMapping(
    string? Table,
    IReadOnlyDictionary<TradeRole, string> Columns,
    string? Bot,
    FeeSign? FeesPaid = null,
    DateOrder? DateOrder = null,
    IReadOnlyDictionary<string, Side>? Sides = null)
{
    // The spellings a mapping file may use for each role.
    private static readonly Dictionary<string, TradeRole> RoleNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["symbol"] = TradeRole.Symbol,
        ["pair"] = TradeRole.Symbol,
        ["side"] = TradeRole.Side,
        ["quantity"] = TradeRole.Quantity,
        ["qty"] = TradeRole.Quantity,
        ["size"] = TradeRole.Quantity,
        ["amount"] = TradeRole.Quantity,
        ["price"] = TradeRole.Price,
        ["fee"] = TradeRole.Fee,
        ["fee_currency"] = TradeRole.FeeCurrency,
        ["time"] = TradeRole.Time,
        ["timestamp"] = TradeRole.Time,
        ["id"] = TradeRole.Key,
        ["key"] = TradeRole.Key,
        ["order_id"] = TradeRole.OrderId,
        ["bot"] = TradeRole.Bot,
        ["bot_id"] = TradeRole.Bot,
        ["status"] = TradeRole.Status,
        ["base_amount"] = TradeRole.Quantity,
        ["base"] = TradeRole.BaseAsset,
        ["base_asset"] = TradeRole.BaseAsset,
        ["quote"] = TradeRole.QuoteAsset,
        ["quote_asset"] = TradeRole.QuoteAsset,
        ["quote_amount"] = TradeRole.QuoteAmount,
        ["cost"] = TradeRole.QuoteAmount,
        ["selling"] = TradeRole.SellFlag,
        ["sell_flag"] = TradeRole.SellFlag,
        ["is_sell"] = TradeRole.SellFlag,
        ["buying"] = TradeRole.BuyFlag,
        ["buy_flag"] = TradeRole.BuyFlag,
        ["is_buy"] = TradeRole.BuyFlag,
    };

    /// <summary>The keys a mapping file may hold at its top; any other is refused, naming the nearest.</summary>
    private static readonly string[] Keys = ["table", "columns", "bot", "fees_paid", "date_order", "sides"];

    public static TradeMapping Load(string path)
    {
        try
        {
            return Read(path);
        }
        catch (InvalidOperationException e)
        {
            // JsonElement.GetString on a lone surrogate escape: not text.
            throw new InvalidDataException($"Mapping file {path} holds a string that is not Unicode text ({e.Message}).", e);
        }
        catch (JsonException e)
        {
            // The mapping is read before any source, where no reader's guard would name it.
            throw new InvalidDataException($"Mapping file {path} is not valid JSON (line {(e.LineNumber ?? 0) + 1}): {e.Message}", e);
        }
    }

    private static TradeMapping Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"Mapping file {path} must hold a JSON object.");
        }

        CheckKeys(root, Keys, StringComparer.Ordinal, path, "key");

        var columns = new Dictionary<TradeRole, string>();
        if (root.TryGetProperty("columns", out var map))
        {
            if (map.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"Mapping file {path}: \"columns\" must be an object of role to column name.");
            }

            CheckKeys(map, RoleNames.Keys, StringComparer.OrdinalIgnoreCase, path, "role");
            foreach (var property in map.EnumerateObject())
            {
                var role = RoleNames[property.Name];
                if (columns.ContainsKey(role))
                {
                    throw new InvalidDataException($"Mapping file {path}: \"{property.Name}\" names the {role} column a second time; give one of its spellings.");
                }

                if (property.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(property.Value.GetString()))
                {
                    throw new InvalidDataException($"Mapping file {path}: the column for \"{property.Name}\" must be a column name.");
                }

                columns[role] = property.Value.GetString()!;
            }
        }

        return new TradeMapping(OptionalString(root, "table"), columns, OptionalString(root, "bot"),
            Choice<FeeSign>(root, path, "fees_paid", "how the fee column writes a fee paid"),
            Choice<DateOrder>(root, path, "date_order", "which comes first in a date such as 02/01/2024"),
            SideValues(root, path));
    }

    /// <summary>The <c>sides</c> object: each value a side column holds, and the side it means.</summary>
    private static Dictionary<string, Side>? SideValues(JsonElement root, string path)
    {
        if (!root.TryGetProperty("sides", out var sides))
        {
            return null;
        }

        const string Expected = "an object of each value the side column holds and the side it means, as {\"0\": \"buy\", \"1\": \"sell\"}";
        if (sides.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"Mapping file {path}: \"sides\" must be {Expected}.");
        }

        var values = new Dictionary<string, Side>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in sides.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String || !EnumText.TryParse<Side>(property.Value.GetString(), out var side))
            {
                throw new InvalidDataException($"Mapping file {path}: \"sides\" gives \"{property.Name}\" the side {property.Value.GetRawText()}; a side is \"buy\" or \"sell\".");
            }

            if (!values.TryAdd(property.Name.Trim(), side))
            {
                throw new InvalidDataException($"Mapping file {path}: \"sides\" gives \"{property.Name}\" twice; give it once.");
            }
        }

        return values;
    }

    /// <summary>The value of <paramref name="key"/>, one of <typeparamref name="T"/>'s names; null when the mapping has no such key.</summary>
    private static T? Choice<T>(JsonElement root, string path, string key, string what)
        where T : struct, Enum
    {
        if (!root.TryGetProperty(key, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String && EnumText.TryParse<T>(value.GetString(), out var choice)
            ? choice
            : throw new InvalidDataException(
                $"Mapping file {path}: \"{key}\" must be {string.Join(" or ", Enum.GetValues<T>().Select(v => $"\"{v.ToText()}\""))} ({what}).");
    }

    /// <summary>Refuses a key that is not <paramref name="known"/> (naming the nearest), and a key given twice.</summary>
    private static void CheckKeys(JsonElement element, IEnumerable<string> known, StringComparer comparer, string path, string what)
    {
        var names = known.ToList();
        var seen = new HashSet<string>(comparer);
        foreach (var property in element.EnumerateObject())
        {
            if (!names.Contains(property.Name, comparer))
            {
                throw new InvalidDataException($"Mapping file {path}: unknown {what} {JsonSerializer.Serialize(property.Name)}{NearestName.Hint(NearestName.Of(property.Name, names))} (known: {string.Join(", ", names)}).");
            }

            if (!seen.Add(property.Name))
            {
                throw new InvalidDataException($"Mapping file {path}: {what} \"{property.Name}\" is given twice; give it once.");
            }
        }
    }

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
