using System.Globalization;
using System.Text.Json;

namespace Tradebook.Core.Text;

/// <summary>
/// A trade's fee written as objects, as ccxt gives it (<c>{"cost": 0.0015, "currency": "BNB"}</c>, alone or as a
/// list of <c>fees</c>) and as exports keep it (<c>amount</c> and <c>asset</c>): one fee, the costs added up when
/// they share a currency. The record format, the JSON-files reader and the trade-table reader all read it here.
/// </summary>
public static class FeeObjects
{
    /// <summary>
    /// The fee of <paramref name="entries"/> (null entries, and entries whose cost is null, count for nothing): its
    /// total and currency (null when none is named), or why it is not one fee. A cost of zero names no second currency:
    /// some exchanges list a zero fee in the quote beside the one paid; the fee is then the one paid.
    /// </summary>
    public static (decimal Cost, string? Currency)? Read(IEnumerable<JsonElement> entries, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(entries);
        problem = null;
        var total = 0m;
        string? currency = null;
        var any = false;
        string? zeroCurrency = null;
        var zeroes = false;
        foreach (var entry in entries.Where(e => e.ValueKind != JsonValueKind.Null))
        {
            if (entry.ValueKind != JsonValueKind.Object || !(entry.TryGetProperty("cost", out var cost) || entry.TryGetProperty("amount", out cost)))
            {
                problem = $"a fee must be {{\"cost\", \"currency\"}}, found {Shown(entry)}";
                return null;
            }

            if (cost.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (!Number(cost, out var amount))
            {
                problem = $"a fee's cost is {Shown(cost)}, not an amount";
                return null;
            }

            var named = (entry.TryGetProperty("currency", out var c) || entry.TryGetProperty("asset", out c)) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            if (amount == 0)
            {
                zeroCurrency ??= named;
                zeroes = true;
                continue;
            }

            if (any && !string.Equals(named, currency, StringComparison.OrdinalIgnoreCase))
            {
                problem = $"its fees are in {currency ?? "no currency"} and {named ?? "no currency"}; a fill has one fee: give one, the fees added up in one currency (with fee_rate when it is neither of the pair's coins)";
                return null;
            }

            (currency, any) = (named, true);
            total += amount;
        }

        return any ? (total, currency) : zeroes ? (0m, zeroCurrency) : null;
    }

    /// <summary><paramref name="value"/>'s entries: a list's, or the object itself.</summary>
    public static IEnumerable<JsonElement> Entries(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [value];

    private static bool Number(JsonElement value, out decimal amount)
    {
        amount = 0;
        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString(),
            _ => null,
        };
        return text is not null && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out amount);
    }

    private static string Shown(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length > 120 ? text[..120] + "…" : text;
    }
}
