namespace Tradebook.Import.Writing;

/// <summary>What one import did, stored as JSON on its <c>import_batches</c> row and shown to the user.</summary>
public sealed record ImportReport(
    long? BatchId,
    string Source,
    string Format,
    string? Generation,
    bool DryRun,
    IReadOnlyList<BotOutcome> Bots,
    IReadOnlyDictionary<string, KindOutcome> Kinds,
    IReadOnlyList<Rejection> Rejections,
    IReadOnlyList<string> Duplicates,
    IReadOnlyList<string> TestRows,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The check made after commit; null for a dry run.</summary>
    public ImportVerification? Verification { get; init; }

    /// <summary>
    /// The P&amp;L the source stored, per trade and in total, against what Tradebook computes from the imported
    /// fills, each difference with its reason; null when the source stores no P&amp;L of its own.
    /// </summary>
    public Reconciliation.ReconciliationReport? Reconciliation { get; init; }

    /// <summary>Tables the source must have and lacks, each with what its absence loses.</summary>
    public IReadOnlyList<MissingTable> MissingTables { get; init; } = [];

    /// <summary>False when <see cref="MissingTables"/> names any: the import brought only what the source still holds.</summary>
    public bool Complete => MissingTables.Count == 0;

    /// <summary>Rows of the source that cannot all be right (exits beyond the position, zero prices, impossible quantities), with counts and references.</summary>
    public IReadOnlyList<Checks.SourceProblem> Problems { get; init; } = [];

    /// <summary>
    /// False when <see cref="Problems"/> names rows the P&amp;L is computed from: the figures of
    /// <see cref="UnreliableProducts"/> are then Tradebook's arithmetic on rows that cannot be right, not what the bot made.
    /// </summary>
    public bool PnlReliable => Problems.Count == 0;

    /// <summary>The bots and products whose P&amp;L rests on rows named in <see cref="Problems"/>.</summary>
    public IReadOnlyList<string> UnreliableProducts =>
        Problems.Select(p => $"{p.Bot} {p.Symbol}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}

/// <summary>A bot the source names, and whether this import created it.</summary>
public sealed record BotOutcome(string Name, string Mode, bool Created, int Fills, int Orders);

/// <summary>Rows of one kind: read from the source, newly written, and already in the store.</summary>
public sealed record KindOutcome(int Read, int Inserted, int Existing);

/// <summary>The store checked against the source after commit: per bot and symbol, fills, quantity and fees.</summary>
public sealed record ImportVerification(bool Ok, IReadOnlyList<VerificationLine> Lines, IReadOnlyList<string> Problems);

/// <summary>
/// One bot and symbol: what the source holds against what the store holds for it, split into rows
/// this batch wrote and rows an earlier batch (or recording) already had.
/// </summary>
public sealed record VerificationLine(
    string Bot,
    string Symbol,
    int SourceFills,
    decimal SourceQuantity,
    decimal SourceFees,
    int Inserted,
    int Existing,
    decimal StoredQuantity,
    decimal StoredFees)
{
    public bool Ok => SourceFills == Inserted + Existing && SourceQuantity == StoredQuantity && SourceFees == StoredFees;
}

