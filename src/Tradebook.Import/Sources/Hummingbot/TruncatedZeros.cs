using Tradebook.Core.Domain;
using Tradebook.Import.Checks;

namespace Tradebook.Import.Sources.Hummingbot;

/// <summary>
/// Fills whose price or amount hummingbot stored as 0 because it keeps them as integers × 10^6, truncated: anything
/// below 10^-6 became 0. The value is lost, not zero, and only this reader knows why; the general checks would name
/// the rows without the cause. Kept per bot and product as the fills go by: a count, the first, and the references a
/// problem lists (<see cref="SourceChecks.MaxReferences"/> at most).
/// </summary>
internal sealed class TruncatedZeros
{
    private readonly Dictionary<(string Bot, string Symbol), Group> _groups = [];
    private readonly List<(string Bot, string Symbol)> _order = [];

    public void AddIf(bool zero, FillRecord fill)
    {
        if (!zero)
        {
            return;
        }

        if (!_groups.TryGetValue((fill.Bot, fill.Symbol), out var group))
        {
            group = new Group(fill);
            _groups[(fill.Bot, fill.Symbol)] = group;
            _order.Add((fill.Bot, fill.Symbol));
        }

        group.Add(SourceChecks.Reference(fill));
    }

    /// <summary>Adds one problem per bot and product to <paramref name="set"/>, in the order their first fills came.</summary>
    public void Name(ImportSet set, SourceProblemKind kind, string column, string what)
    {
        foreach (var key in _order)
        {
            var group = _groups[key];
            set.Problems.Add(new SourceProblem(
                kind, key.Bot, key.Symbol, group.Count, group.References,
                $"{group.Count} fill{(group.Count == 1 ? "" : "s")} {what} (first {SourceChecks.Reference(group.First)}): hummingbot stores TradeFill.{column} "
                + $"as an integer of millionths, truncated, so any {column} below {HummingbotScaling.Step} was stored as 0 and the real one is lost"));
        }
    }

    private sealed class Group(FillRecord first)
    {
        private readonly HashSet<string> _listed = new(StringComparer.Ordinal);

        public FillRecord First { get; } = first;

        public int Count { get; private set; }

        /// <summary>The first distinct references, as <see cref="SourceChecks.Capped"/> lists them.</summary>
        public List<string> References { get; } = [];

        public void Add(string reference)
        {
            Count++;
            if (References.Count < SourceChecks.MaxReferences && _listed.Add(reference))
            {
                References.Add(reference);
            }
        }
    }
}
