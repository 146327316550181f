using Tradebook.Core.Domain;

namespace Tradebook.Import.Consolidation;

/// <summary>
/// The union of the copies' bots. A trade whose bot is missing from its own copy is an orphan there but
/// not after consolidation when another copy's bots table defines the reference; a bot defined by
/// several copies takes the highest-ranked copy's values, with fields that copy lacks filled in from the next.
/// </summary>
internal sealed class BotUnion
{
    private readonly Dictionary<string, string>[] _renames;
    private readonly Dictionary<string, (BotSpec Spec, string Source)> _bots = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public BotUnion(IReadOnlyList<RankedSource> ranked, List<string> warnings)
    {
        // Each reference names the bot the highest-ranked copy defining it gives it.
        var references = new Dictionary<string, (string Name, string Source)>(StringComparer.Ordinal);
        foreach (var source in ranked)
        {
            foreach (var (reference, name) in source.Source.BotRefs ?? new Dictionary<string, string>())
            {
                if (!references.TryGetValue(reference, out var known))
                {
                    references[reference] = (name, source.Name);
                }
                else if (known.Name != name)
                {
                    warnings.Add($"Bot reference {reference} is \"{known.Name}\" in {known.Source} but \"{name}\" in {source.Name}; \"{known.Name}\" is used.");
                }
            }
        }

        _renames = new Dictionary<string, string>[ranked.Count];
        foreach (var source in ranked)
        {
            var renames = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (placeholder, reference) in source.Source.MissingBots ?? new Dictionary<string, string>())
            {
                if (references.TryGetValue(reference, out var found))
                {
                    renames[placeholder] = found.Name;
                }
                else
                {
                    Unresolved.Add(new UnresolvedBot(
                        source.Name, reference, placeholder, source.Source.Set.Fills.Count(f => f.Bot == placeholder)));
                }
            }

            _renames[source.Rank - 1] = renames;
        }

        foreach (var source in ranked)
        {
            foreach (var spec in source.Source.Set.Bots)
            {
                if (!_renames[source.Rank - 1].ContainsKey(spec.Name))
                {
                    Add(spec, source);
                }
            }
        }
    }

    public List<UnresolvedBot> Unresolved { get; } = [];

    public List<BotConflict> Conflicts { get; } = [];

    public IEnumerable<BotSpec> Bots => _order.Select(name => _bots[name].Spec);

    /// <summary>The bot a copy's row belongs to after consolidation.</summary>
    public string Resolve(RankedSource source, string bot) => _renames[source.Rank - 1].TryGetValue(bot, out var name) ? name : bot;

    public bool IsResolvedPlaceholder(RankedSource source, string bot) => _renames[source.Rank - 1].ContainsKey(bot);

    private void Add(BotSpec spec, RankedSource source)
    {
        if (!_bots.TryGetValue(spec.Name, out var known))
        {
            _bots[spec.Name] = (spec, source.Name);
            _order.Add(spec.Name);
            return;
        }

        var differences = new List<FieldDifference>();
        var merged = known.Spec with
        {
            Exchange = Field("exchange", known.Spec.Exchange, spec.Exchange, differences),
            StrategyName = Field("strategy", known.Spec.StrategyName, spec.StrategyName, differences),
            StrategyVersion = Field("strategy_version", known.Spec.StrategyVersion, spec.StrategyVersion, differences),
            Config = Field("parameters", known.Spec.Config, spec.Config, differences),
            User = Field("user", known.Spec.User, spec.User, differences),
        };
        if (known.Spec.Mode != spec.Mode)
        {
            differences.Add(new FieldDifference("mode", known.Spec.Mode.ToText(), spec.Mode.ToText()));
        }

        if (known.Spec.Method != spec.Method)
        {
            differences.Add(new FieldDifference("method", known.Spec.Method.ToText(), spec.Method.ToText()));
        }

        _bots[spec.Name] = (merged, known.Source);
        if (differences.Count > 0)
        {
            Conflicts.Add(new BotConflict(spec.Name, known.Source, source.Name, differences, $"{known.Source} ranks above {source.Name}"));
        }
    }

    /// <summary>The winner's value; a field the winner lacks (an older schema) comes from the other copy.</summary>
    private static string? Field(string name, string? winner, string? other, List<FieldDifference> differences)
    {
        if (winner is null)
        {
            return other;
        }

        if (other is not null && winner != other)
        {
            differences.Add(new FieldDifference(name, winner, other));
        }

        return winner;
    }
}
