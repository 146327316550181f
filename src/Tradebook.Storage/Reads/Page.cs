using System.Globalization;
using System.Text;
using Tradebook.Core;

namespace Tradebook.Storage.Reads;

/// <summary>One page of a list in (time, id) order, and where the next one starts (null at the end).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Where a page ends: the (time, id) of its last row. Paging by it instead of an offset means a page
/// costs the same however deep it is, and rows recorded meanwhile never shift a page.
/// </summary>
public readonly record struct PageCursor(DateTimeOffset At, long Id)
{
    public string Encode() =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(FormattableString.Invariant($"{At.UtcTicks}:{Id}"))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static PageCursor? Decode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(base64)).Split(':');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks)
            {
                return new PageCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
            }
        }
        catch (FormatException)
        {
        }

        throw new TradebookException(ErrorCode.InvalidInput, $"cursor '{text}' is not one this server gave out; start again without a cursor");
    }

    /// <summary>A page size between 1 and 500, 100 when not given.</summary>
    public static int Limit(int? limit) =>
        limit switch
        {
            null => 100,
            < 1 or > 500 => throw new TradebookException(ErrorCode.InvalidInput, $"limit {limit} is out of range; give 1 to 500"),
            _ => limit.Value,
        };
}
