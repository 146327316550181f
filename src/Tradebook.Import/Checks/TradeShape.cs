using Tradebook.Core.Domain;

namespace Tradebook.Import.Checks;

/// <summary>
/// A reported trade seen through its fills: the side its first fill took is its entry side, every fill of the
/// other side is an exit.
/// </summary>
public sealed record TradeShape(Side EntrySide, decimal Entered, decimal Exited, IReadOnlyList<FillRecord> Exits)
{
    /// <summary>Relative slack for amounts a source stored as binary floats.</summary>
    public const decimal Tolerance = 0.000000001m;

    /// <summary>True when the exits sell (or buy back) more than the entries opened.</summary>
    public bool ExitsBeyondEntries => Entered >= 0 && Exited > Entered * (1 + Tolerance);

    /// <summary>The shape of <paramref name="trade"/>, or null when none of its fills was imported.</summary>
    public static TradeShape? Of(ReportedTrade trade, IReadOnlyDictionary<(string Bot, string Id), FillRecord> fills)
    {
        ArgumentNullException.ThrowIfNull(trade);
        ArgumentNullException.ThrowIfNull(fills);
        return Of(trade.FillIds.Select(id => fills.TryGetValue((trade.Bot, id), out var fill) ? fill : null).OfType<FillRecord>());
    }

    /// <summary>The shape of a trade made of <paramref name="fills"/>, or null when there are none.</summary>
    public static TradeShape? Of(IEnumerable<FillRecord> fills)
    {
        ArgumentNullException.ThrowIfNull(fills);
        var own = fills
            .OrderBy(f => f.Timestamp)
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
        if (own.Count == 0)
        {
            return null;
        }

        var entrySide = own[0].Side;
        var exits = own.Where(f => f.Side != entrySide).ToList();
        return new TradeShape(entrySide, own.Where(f => f.Side == entrySide).Sum(f => f.Quantity), exits.Sum(f => f.Quantity), exits);
    }

    /// <summary>The fills of <paramref name="set"/> by bot and id.</summary>
    public static Dictionary<(string Bot, string Id), FillRecord> Index(ImportSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var index = new Dictionary<(string, string), FillRecord>();
        foreach (var fill in set.Fills)
        {
            index.TryAdd((fill.Bot, fill.Id), fill);
        }

        return index;
    }
}
