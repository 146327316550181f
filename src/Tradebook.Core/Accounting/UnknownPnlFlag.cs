namespace Tradebook.Core.Accounting;

/// <summary>
/// The flag on a bot some of whose products have P&amp;L that cannot be known: why (the fills of those
/// products added up), and which products. The bot's totals are unknown; its other products are not.
/// </summary>
public sealed record UnknownPnlFlag(UnknownPnl Reason, IReadOnlyList<string> Products)
{
    /// <summary>The flag of a bot from its lines per product; null when every product's P&amp;L is known.</summary>
    public static UnknownPnlFlag? Of(IEnumerable<PnlLine> productLines)
    {
        ArgumentNullException.ThrowIfNull(productLines);
        return Of(productLines.Select(l => (l.Product, l.Unknown)));
    }

    /// <summary>
    /// The flag of rows of one bot, each with its product and that product's reason (lines per product, its fills,
    /// its round trips); null when every product's P&amp;L is known. Each reason counts the product's fills at
    /// price 0, so a product met in several rows counts once.
    /// </summary>
    public static UnknownPnlFlag? Of(IEnumerable<(string Product, UnknownPnl? Unknown)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var unknown = rows.Where(r => r.Unknown is not null).DistinctBy(r => r.Product, StringComparer.Ordinal).ToList();
        return unknown.Count == 0 ? null : new UnknownPnlFlag(UnknownPnl.Of(unknown.Sum(r => r.Unknown!.Fills))!, unknown.Select(r => r.Product).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The flag in words, for a user.</summary>
    public string Message => $"P&L unknown for {string.Join(", ", Products)}: {Reason.Message}";
}
