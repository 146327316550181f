namespace Tradebook.Import.Sources.GenericTrades;

/// <summary>How a table writes a fee paid: as a positive amount (most bots and exchanges), or as a negative one.</summary>
public enum FeeSign
{
    Positive,
    Negative,
}
