using Tradebook.Storage.Connection;
using Tradebook.Storage.Imports;

namespace Tradebook.Import.Writing;

/// <summary>
/// The source side of an import's verification: the first fill of each bot and id, in the order of the ids'
/// UTF-8 bytes (<see cref="Utf8Order"/>), the order in which the verification walks the store's fills of
/// each bot. A source read whole is sorted in memory; a streamed one is read back from its
/// <see cref="FillSpill"/>, so that its check holds no list of every fill.
/// </summary>
public sealed class SourceFills
{
    private readonly Func<IEnumerable<SourceFill>> _inKeyOrder;

    private SourceFills(IReadOnlyCollection<string> bots, Func<IEnumerable<SourceFill>> inKeyOrder)
    {
        Bots = bots;
        _inKeyOrder = inKeyOrder;
    }

    /// <summary>The bots that have fills in the source.</summary>
    internal IReadOnlyCollection<string> Bots { get; }

    /// <summary>The fills by id, then bot; each bot's fills in the byte order of their ids.</summary>
    internal IEnumerable<SourceFill> InKeyOrder() => _inKeyOrder();

    /// <summary>The fills a set holds in memory; a set whose fills were streamed is verified from its spill instead.</summary>
    public static SourceFills Of(ImportSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Streamed.Count > 0)
        {
            throw new InvalidOperationException("the set's streamed fills are not in memory: verify it from the stream's spill");
        }

        var seen = new HashSet<(string, string)>();
        var fills = new List<SourceFill>(set.Fills.Count);
        foreach (var fill in set.Fills)
        {
            if (seen.Add((fill.Bot, fill.Id)))
            {
                fills.Add(new SourceFill(fill.Bot, fill.Id, fill.Symbol, fill.Quantity, fill.Fee));
            }
        }

        fills.Sort((a, b) => Utf8Order.Compare(a.Id, b.Id) is var order and not 0 ? order : string.CompareOrdinal(a.Bot, b.Bot));
        return new SourceFills(fills.Select(f => f.Bot).ToHashSet(StringComparer.Ordinal), () => fills);
    }

    /// <summary>Every fill kept in <paramref name="spill"/>, read back from disk each time it is walked.</summary>
    public static SourceFills Of(FillSpill spill)
    {
        ArgumentNullException.ThrowIfNull(spill);
        return new SourceFills(spill.Bots.ToHashSet(StringComparer.Ordinal), spill.InIdOrder);
    }
}
