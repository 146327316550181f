using Tradebook.Core.Domain;

namespace Tradebook.Import.Writing;

/// <summary>
/// The source side of an import's verification: each distinct fill (the first of its bot and id) gets a
/// slot, and each bot and symbol a group with the source's count, quantity and fees. It depends on the
/// source alone, so a writer builds it on another thread while the ledger writes.
/// </summary>
public sealed class SourceFills
{
    private SourceFills(Dictionary<string, Dictionary<string, int>> slots, List<FillRecord> fills, List<int> groupOfSlot, List<SourceGroup> groups)
    {
        Slots = slots;
        Fills = fills;
        GroupOfSlot = groupOfSlot;
        Groups = groups;
    }

    /// <summary>Per bot name, the slot of each fill id.</summary>
    internal Dictionary<string, Dictionary<string, int>> Slots { get; }

    /// <summary>The fill in each slot.</summary>
    internal List<FillRecord> Fills { get; }

    /// <summary>The group of each slot.</summary>
    internal List<int> GroupOfSlot { get; }

    internal List<SourceGroup> Groups { get; }

    public static SourceFills Of(ImportSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var slots = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var fills = new List<FillRecord>(set.Fills.Count);
        var groupOfSlot = new List<int>(set.Fills.Count);
        var groups = new List<SourceGroup>();
        var groupIndex = new Dictionary<(string Bot, string Symbol), int>();
        var symbols = new SymbolTexts();
        foreach (var fill in set.Fills)
        {
            if (!slots.TryGetValue(fill.Bot, out var ofBot))
            {
                ofBot = new Dictionary<string, int>(StringComparer.Ordinal);
                slots[fill.Bot] = ofBot;
            }

            if (!ofBot.TryAdd(fill.Id, fills.Count))
            {
                continue;
            }

            var symbol = symbols.Of(fill.Symbol);
            if (!groupIndex.TryGetValue((fill.Bot, symbol), out var g))
            {
                g = groups.Count;
                groupIndex[(fill.Bot, symbol)] = g;
                groups.Add(new SourceGroup(fill.Bot, symbol));
            }

            var group = groups[g];
            group.Slots.Add(fills.Count);
            group.Quantity += fill.Quantity;
            group.Fees += fill.Fee;
            fills.Add(fill);
            groupOfSlot.Add(g);
        }

        return new SourceFills(slots, fills, groupOfSlot, groups);
    }

    /// <summary>One bot and symbol of the source: its slots and sums.</summary>
    internal sealed class SourceGroup(string bot, string symbol)
    {
        public string Bot { get; } = bot;

        public string Symbol { get; } = symbol;

        public List<int> Slots { get; } = [];

        public decimal Quantity { get; set; }

        public decimal Fees { get; set; }
    }
}
