namespace Tradebook.Core.Accounting;

/// <summary>How currency codes are compared wherever accounting decides whether two amounts are in one currency.</summary>
internal static class Currencies
{
    /// <summary>Codes arrive as each source spells them ("usdt", " USDT"): case and surrounding spaces do not matter.</summary>
    public static bool Same(string a, string b) => a.AsSpan().Trim().Equals(b.AsSpan().Trim(), StringComparison.OrdinalIgnoreCase);
}
