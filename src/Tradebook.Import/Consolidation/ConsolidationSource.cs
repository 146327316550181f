namespace Tradebook.Import.Consolidation;

/// <summary>
/// One copy to consolidate: what its reader produced plus what only the reader knows about the copy.
/// </summary>
/// <param name="Name">How the copy is named in the report and in <c>prefer</c>; by default its path.</param>
/// <param name="HasFees">False when the copy's schema has no fee column: its zero fees are absent, not free.</param>
/// <param name="BotRefs">The copy's bot references (e.g. <c>bots.id</c>) mapped to bot names, for bots its own bots table defines.</param>
/// <param name="MissingBots">Placeholder bot names used in <see cref="Set"/> for references its bots table lacks, mapped to the reference.</param>
/// <param name="OrphanRows">Rows of the copy that reference a bot its bots table lacks.</param>
public sealed record ConsolidationSource(
    string Name,
    ImportSet Set,
    bool HasFees = true,
    IReadOnlyDictionary<string, string>? BotRefs = null,
    IReadOnlyDictionary<string, string>? MissingBots = null,
    int OrphanRows = 0)
{
    /// <summary>Wraps an import set from any reader: no bot references to resolve, fees taken as stated.</summary>
    public static ConsolidationSource Of(ImportSet set) => new(set.Source.Path, set);
}
