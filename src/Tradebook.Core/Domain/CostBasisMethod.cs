namespace Tradebook.Core.Domain;

/// <summary>How closing quantity is matched against open entries. Chosen per bot.</summary>
public enum CostBasisMethod
{
    /// <summary>Every entry is merged into one average; the default.</summary>
    Average,

    /// <summary>Exits consume the oldest open entries first.</summary>
    Fifo,
}
