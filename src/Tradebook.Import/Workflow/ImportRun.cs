using Tradebook.Import.Consolidation;
using Tradebook.Import.Planning;
using Tradebook.Import.Writing;
using Tradebook.Storage.Imports;

namespace Tradebook.Import.Workflow;

/// <summary>How an import ended, for a host to turn into an exit code or a status.</summary>
public enum ImportOutcome
{
    /// <summary>Every source was read whole and (unless a dry run) verified in the database.</summary>
    Complete,

    /// <summary>A source lacks tables it must have: what it held is imported, but it is not the bot's whole history.</summary>
    Incomplete,

    /// <summary>The database does not hold what a source holds (after writing it, or for <see cref="ImportMode.VerifyOnly"/>).</summary>
    VerificationFailed,
}

/// <summary>One source checked against the database (<see cref="ImportMode.VerifyOnly"/>).</summary>
public sealed record SourceVerification(string Source, ImportVerification Verification);

/// <summary>
/// What an import did: its plan, the consolidations of copies, one report per batch (written or, for a dry run,
/// previewed) or one verification per source, the backup taken, and the outcome.
/// </summary>
public sealed record ImportRun(
    ImportMode Mode,
    ImportPlan Plan,
    IReadOnlyList<ConsolidationReport> Consolidations,
    IReadOnlyList<ImportReport> Imports,
    IReadOnlyList<SourceVerification> Verifications,
    string? Backup)
{
    public ImportOutcome Outcome =>
        Verifications.Any(v => !v.Verification.Ok) || Imports.Any(r => r.Verification is { Ok: false }) ? ImportOutcome.VerificationFailed
        : Imports.Any(r => !r.Complete) ? ImportOutcome.Incomplete
        : ImportOutcome.Complete;
}

/// <summary>An import undone: what the rollback removed and rebuilt, and the backup taken before.</summary>
public sealed record RollbackRun(RollbackReport Report, string? Backup);
