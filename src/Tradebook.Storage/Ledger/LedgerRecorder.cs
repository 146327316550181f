using Tradebook.Storage.Access;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Records several batches in one caller's transaction through one session, so that bots, instruments,
/// products and prepared statements are loaded once, not once per batch: an import that records its
/// source run by run as it reads it. Each batch is complete when <see cref="Record"/> returns, positions
/// and rollups included.
/// </summary>
public sealed class LedgerRecorder : IDisposable
{
    private readonly BatchWriter _writer;

    internal LedgerRecorder(BatchWriter writer) => _writer = writer;

    /// <summary>What every batch recorded so far did, per kind of row.</summary>
    public RecordSummary Summary => _writer.Summary;

    /// <summary>Whether a bot of that name exists in the caller's scope, the local owner's unless given (looked up once per session).</summary>
    public bool HasBot(string name, CallerScope? scope = null) => _writer.HasBot(name, scope ?? CallerScope.LocalOwner);

    /// <summary>Records <paramref name="batch"/>; a bot outside <paramref name="scope"/> (the local owner's unless given) is unknown to it.</summary>
    public void Record(LedgerBatch batch, CallerScope? scope = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _writer.Record(batch, scope ?? CallerScope.LocalOwner);
    }

    public void Dispose() => _writer.Dispose();
}
