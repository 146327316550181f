using System.Globalization;
using Tradebook.Core;
using Tradebook.Core.Domain;

namespace Tradebook.Server.Api;

/// <summary>Query-string values, read strictly: a value that cannot be understood is a 400 that names it.</summary>
internal static class Query
{
    public static BotMode? Mode(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : EnumText.TryParse<BotMode>(text, out var mode) ? mode
        : throw new TradebookException(ErrorCode.InvalidInput, $"mode '{text}' is not one of {string.Join(", ", Enum.GetValues<BotMode>().Select(m => m.ToText()))}");

    /// <summary>A bot to filter by; left blank (a form's "every bot"), no filter, as a blank mode or time is.</summary>
    public static string? Bot(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    public static DateTimeOffset? Time(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var unix) && Math.Abs(unix) < 253_402_300_800L)
        {
            return DateTimeOffset.FromUnixTimeSeconds(unix);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) && text.Contains('-', StringComparison.Ordinal)
            ? time
            : throw new TradebookException(ErrorCode.InvalidInput, $"{name} '{text}' is not an ISO-8601 time (2026-12-06T10:00:00Z) or Unix seconds");
    }
}
