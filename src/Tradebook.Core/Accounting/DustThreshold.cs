using System.Globalization;
using Tradebook.Core.Domain;

namespace Tradebook.Core.Accounting;

/// <summary>
/// Below what quantity a position's leftover is dust. An exchange trades a coin only in whole steps of
/// its amount (the lot size), and an exchange that takes its fee in the coin bought leaves the bot a
/// little less than it bought: the bot sells what it can, rounded down to the step, and the remainder,
/// less than one step, can never be sold on its own. <see cref="ProductBook"/> ends the round trip when a
/// fill leaves less than the threshold, and keeps the remainder apart as the product's dust.
/// </summary>
/// <remarks>
/// The threshold of a bot's product is, best evidence first: the amount step the bot's exchange trades
/// the instrument in (a setting <c>amount_step:SYMBOL</c> of the bot, which an import fills from its source,
/// else the instrument's <c>qty_precision</c> in decimal places); else the bot's own setting
/// <c>dust_threshold</c>; else <see cref="Default"/>. Zero turns the rule off.
/// </remarks>
public static class DustThreshold
{
    /// <summary>
    /// One hundred-millionth: no exchange trades a smaller step (a satoshi is a bitcoin's smallest unit), so a
    /// leftover below it is the noise of a quantity a bot computed in binary floating point (0.1 + 0.2 is
    /// 0.30000000000000004), never a holding.
    /// </summary>
    public const decimal Default = 0.00000001m;

    /// <summary>The setting of a bot (scope: the bot's name) that gives its threshold where no amount step is known.</summary>
    public const string BotKey = "dust_threshold";

    /// <summary>What the setting of a bot's amount step on one instrument starts with; the symbol follows.</summary>
    public const string StepKeyPrefix = "amount_step:";

    /// <summary>The setting key of a bot's amount step on <paramref name="symbol"/> (as the instrument is stored).</summary>
    public static string StepKey(string symbol) => StepKeyPrefix + symbol;

    /// <summary>The threshold from what is known: the amount step wins over the bot's threshold, which wins over <see cref="Default"/>.</summary>
    public static decimal Resolve(decimal? amountStep, decimal? botThreshold) => amountStep ?? botThreshold ?? Default;

    /// <summary>
    /// The threshold of <paramref name="bot"/> on <paramref name="symbol"/> from settings not yet stored (what an
    /// import is about to write), by the same rule the ledger applies to stored ones. A value that is no such
    /// quantity counts as not given.
    /// </summary>
    public static decimal Of(IEnumerable<Setting> settings, string bot, string symbol, int? qtyPrecision = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        decimal? Value(string key) =>
            settings.LastOrDefault(s => s.Scope == bot && s.Key == key) is { } setting ? Parse(key, setting.Value, out _) : null;

        return Resolve(Value(StepKey(symbol)) ?? StepOfDecimals(qtyPrecision), Value(BotKey));
    }

    /// <summary>The step of a quantity given to <paramref name="decimals"/> places: 10^-decimals; null when not known.</summary>
    public static decimal? StepOfDecimals(int? decimals) =>
        decimals switch
        {
            null => null,
            >= 0 and <= 28 => 1m / Pow10(decimals.Value),
            < 0 and >= -18 => Pow10(-decimals.Value),
            _ => null,
        };

    /// <summary>
    /// Reads a stored value of <see cref="BotKey"/> (at least zero) or of an amount step (above zero). Text
    /// that is not such a number gives null and <paramref name="problem"/> says why.
    /// </summary>
    public static decimal? Parse(string key, string value, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var step = key.StartsWith(StepKeyPrefix, StringComparison.Ordinal);
        if (!decimal.TryParse(value.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var quantity))
        {
            problem = $"setting '{key}' must be a quantity such as 0.001, not '{value}'";
            return null;
        }

        if (step ? quantity <= 0 : quantity < 0)
        {
            problem = step ? $"setting '{key}' (an amount step) must be above zero, not {value}" : $"setting '{key}' must be zero (no dust rule) or above, not {value}";
            return null;
        }

        problem = null;
        return quantity;
    }

    /// <summary>Whether a setting's key is one that decides dust: its writes change how products are accounted.</summary>
    public static bool IsDustKey(string key) =>
        string.Equals(key, BotKey, StringComparison.Ordinal) || (key.StartsWith(StepKeyPrefix, StringComparison.Ordinal) && key.Length > StepKeyPrefix.Length);

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10m;
        }

        return result;
    }
}
