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
        var unknown = productLines.Where(l => l.Unknown is not null).ToList();
        return unknown.Count == 0 ? null : new UnknownPnlFlag(UnknownPnl.Of(unknown.Sum(l => l.UnpricedFills))!, unknown.Select(l => l.Product).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The flag in words, for a user.</summary>
    public string Message => $"P&L unknown for {string.Join(", ", Products)}: {Reason.Message}";
}
