namespace Tradebook.Core.Domain;

/// <summary>The side of an order or fill.</summary>
public enum Side
{
    Buy,
    Sell,
}
