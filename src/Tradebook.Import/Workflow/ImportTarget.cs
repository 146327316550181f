using Tradebook.Storage.Connection;

namespace Tradebook.Import.Workflow;

/// <summary>How an import needs the database it is given.</summary>
public enum TargetAccess
{
    /// <summary>To write into: created when missing, given Tradebook's schema when empty, else at the current version.</summary>
    CreateIfEmpty,

    /// <summary>To read or undo: it must exist and be at the current version.</summary>
    Existing,
}

/// <summary>
/// Opens the database an import works on, when it first needs it (after its sources are read, and never for a
/// dry run). The host decides which database that is, says so, and disposes it.
/// </summary>
public delegate TradebookDatabase ImportTarget(TargetAccess access);
