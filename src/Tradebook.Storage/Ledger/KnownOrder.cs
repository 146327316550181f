using Tradebook.Core.Domain;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// An order as a fill that executes it is checked against: its row, its product and its side, none of which a later
/// record of the order may change (<see cref="BotActivityRecorder"/>), so they can be kept between sessions.
/// </summary>
internal readonly record struct KnownOrder(long Id, long InstrumentId, Side Side)
{
    /// <summary>What a fill refused for its order is told, whichever was recorded first.</summary>
    public const string Rule = "a fill trades its order's market on its order's side";

    /// <summary>Whether a fill of <paramref name="instrumentId"/> on <paramref name="side"/> can execute this order.</summary>
    public bool Takes(long instrumentId, Side side) => instrumentId == InstrumentId && side == Side;
}
