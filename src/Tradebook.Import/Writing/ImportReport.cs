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

/// <summary>What a rollback removed.</summary>
public sealed record RollbackReport(long BatchId, string Source, IReadOnlyDictionary<string, int> Deleted, int ProductsRebuilt, int SettingsRestored = 0);
