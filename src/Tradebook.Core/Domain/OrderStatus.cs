namespace Tradebook.Core.Domain;

/// <summary>
/// The order statuses Tradebook itself writes: a recorded order without one is <see cref="New"/>, and an
/// order an import derives from a fill is <see cref="Filled"/>. A bot may send any other status; it is
/// stored as the bot's text.
/// </summary>
public enum OrderStatus
{
    New,
    Filled,
}
