namespace Tradebook.Core.Accounting;

/// <summary>Whether a position is still open or its round trip has ended.</summary>
public enum PositionStatus
{
    Open,
    Closed,
}
