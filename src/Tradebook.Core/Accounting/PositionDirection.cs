namespace Tradebook.Core.Accounting;

/// <summary>Which way a position is open: long after a buy from flat, short after a sell.</summary>
public enum PositionDirection
{
    Long,
    Short,
}
