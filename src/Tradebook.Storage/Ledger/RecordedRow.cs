namespace Tradebook.Storage.Ledger;

/// <summary>What a record call did with one row.</summary>
public enum RowOutcome
{
    Inserted,
    Existing,
    Updated,
}

/// <summary>
/// One row a record call named by its bot and key (the id the bot gave it, or a snapshot's time), with
/// the id Tradebook stores it under and what became of it, so that a client can tell which rows were new.
/// </summary>
public sealed record RecordedRow(string Kind, string Bot, string Key, long Id, RowOutcome Outcome);

/// <summary>How much a recorder reports: counts per kind, or also every keyed row (the server's answers).</summary>
public enum RecordDetail
{
    Counts,
    Rows,
}
