using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources.GenericTrades;

/// <summary>
/// The natural key of a trade row that carries no exchange id: a hash of its values (never its row id),
/// so that the same trade in two copies, or twice in one, gets the same key.
/// </summary>
internal static class RowHash
{
    public static string Of(FillRecord fill)
    {
        var text = string.Join(
            '\u001f',
            fill.Bot,
            fill.Symbol,
            fill.Side.ToText(),
            fill.Quantity.ToString("G29", CultureInfo.InvariantCulture),
            fill.Price.ToString("G29", CultureInfo.InvariantCulture),
            fill.Fee.ToString("G29", CultureInfo.InvariantCulture),
            fill.FeeCurrency ?? "",
            fill.Timestamp.UtcTicks.ToString(CultureInfo.InvariantCulture),
            fill.OrderId ?? "");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return "sha256:" + Convert.ToHexStringLower(hash[..16]);
    }
}
