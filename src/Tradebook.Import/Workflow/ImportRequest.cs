using Tradebook.Import.Sources;

namespace Tradebook.Import.Workflow;

/// <summary>What an import is asked to do with its sources.</summary>
public enum ImportMode
{
    /// <summary>Read, back up the database, write each source as one batch, verify it.</summary>
    Write,

    /// <summary>Read and report what would be imported; no database is opened.</summary>
    DryRun,

    /// <summary>Read and check that the database already holds the sources' fills; nothing is written.</summary>
    VerifyOnly,
}

/// <summary>One import: the sources named, how to read them, and what to do with what is read.</summary>
/// <param name="Paths">Files or folders, as the user named them.</param>
/// <param name="Format">A format forced instead of detected; null to detect.</param>
/// <param name="Prefer">When copies of one database disagree, the source whose values win; null for the most recent.</param>
/// <param name="Backup">Whether a verified backup is taken before anything is written.</param>
public sealed record ImportRequest(
    IReadOnlyList<string> Paths,
    ImportOptions Options,
    ImportMode Mode = ImportMode.Write,
    string? Format = null,
    string? Prefer = null,
    bool Backup = true);
