namespace Tradebook.Core.Domain;

/// <summary>Where an import batch stands: being written, committed, or undone by a rollback.</summary>
public enum ImportBatchStatus
{
    Running,
    Done,
    RolledBack,
}
