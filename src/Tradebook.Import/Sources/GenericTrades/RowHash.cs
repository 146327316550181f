using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources.GenericTrades;

/// <summary>
/// The natural key of a trade row that carries no exchange id: derived from its values (never its row id),
/// so that the same trade in two copies, or twice in one, gets the same key.
/// </summary>
/// <remarks>
/// The key is <c>t</c>, the trade's UTC ticks in 16 hex digits, <c>h</c>, then 96 bits of the SHA-256 of
/// its values. Time comes first so that a table's keys arrive in nearly ascending order: the store's
/// unique index on keys then grows at its end, where a bare hash would land each insert on a random page.
/// </remarks>
internal static class RowHash
{
    private const char Separator = '\u001f';

    public static string Of(FillRecord fill) =>
        Of(fill.Bot, fill.Symbol, fill.Side, fill.Quantity, fill.Price, fill.Fee, fill.FeeCurrency, fill.Timestamp, fill.OrderId);

    /// <summary>
    /// The hash of the values joined by U+001F, decimals in G29 and time in UTC ticks. The text is
    /// built in a pooled buffer: a large table hashes every row, and the key is the only string kept.
    /// </summary>
    public static string Of(string bot, string symbol, Side side, decimal quantity, decimal price, decimal fee, string? feeCurrency, DateTimeOffset time, string? orderId)
    {
        var length = bot.Length + symbol.Length + (feeCurrency?.Length ?? 0) + (orderId?.Length ?? 0) + (3 * 32) + 24 + 16;
        var chars = ArrayPool<char>.Shared.Rent(length);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(length));
        try
        {
            var n = 0;
            Append(chars, ref n, bot);
            Append(chars, ref n, symbol);
            Append(chars, ref n, side.ToText());
            Append(chars, ref n, quantity);
            Append(chars, ref n, price);
            Append(chars, ref n, fee);
            Append(chars, ref n, feeCurrency ?? "");
            time.UtcTicks.TryFormat(chars.AsSpan(n), out var written, default, CultureInfo.InvariantCulture);
            n += written;
            chars[n++] = Separator;
            orderId.AsSpan().CopyTo(chars.AsSpan(n));
            n += orderId?.Length ?? 0;

            var size = Encoding.UTF8.GetBytes(chars.AsSpan(0, n), bytes);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(bytes.AsSpan(0, size), hash);
            Span<char> key = stackalloc char[1 + 16 + 1 + 24];
            key[0] = 't';
            time.UtcTicks.TryFormat(key[1..], out _, "x16", CultureInfo.InvariantCulture);
            key[17] = 'h';
            Convert.TryToHexStringLower(hash[..12], key[18..], out _);
            return new string(key);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static void Append(char[] chars, ref int n, string value)
    {
        value.AsSpan().CopyTo(chars.AsSpan(n));
        n += value.Length;
        chars[n++] = Separator;
    }

    private static void Append(char[] chars, ref int n, decimal value)
    {
        value.TryFormat(chars.AsSpan(n), out var written, "G29", CultureInfo.InvariantCulture);
        n += written;
        chars[n++] = Separator;
    }
}
