using System.Text.Json;
using Tradebook.Core.Text;

namespace Tradebook.Import.Sources.JsonFiles;

/// <summary>
/// A trade record's fee, as bots write it: a number beside its currency (<c>"fee": 0.1, "fee_currency": "USDT"</c>,
/// Binance's <c>commission</c> and <c>commissionAsset</c>), or ccxt's objects (<c>"fee": {"cost": 0.1, "currency":
/// "BNB"}</c>, <c>"fees": [...]</c>, added up when in one currency). A fee given but not readable refuses its record:
/// read as zero, it was lost without a word.
/// </summary>
internal static class JsonFees
{
    private static readonly string[] AmountKeys = ["fee", "fees", "commission"];
    private static readonly string[] CurrencyKeys = ["fee_currency", "feeCurrency", "commission_asset", "commissionAsset", "fee_asset"];

    /// <summary>The fee of <paramref name="record"/> in its currency (<paramref name="quote"/> when it names none), or why it cannot be read.</summary>
    public static (decimal Fee, string Currency)? Read(JsonElement record, string quote, out string? problem)
    {
        problem = null;
        if (JsonValues.Find(record, AmountKeys) is not { } given || given.ValueKind == JsonValueKind.Null)
        {
            return (0m, quote);
        }

        var currency = JsonValues.String(record, CurrencyKeys);
        if (given.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            return Structured(given, currency ?? quote, out problem);
        }

        if (!JsonValues.TryDecimal(given, out var fee))
        {
            problem = $"fee {given.GetRawText()} is not a number";
            return null;
        }

        return (fee, currency ?? quote);
    }

    /// <summary>ccxt's fee objects (<see cref="FeeObjects"/>): <c>{"cost", "currency"}</c>, alone or in a list.</summary>
    private static (decimal Fee, string Currency)? Structured(JsonElement given, string fallback, out string? problem) =>
        FeeObjects.Read(FeeObjects.Entries(given), out problem) is { } fee ? (fee.Cost, fee.Currency ?? fallback)
        : problem is null ? (0m, fallback)
        : null;
}
