using System.Collections.Concurrent;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Writing;

/// <summary>
/// Hands a source's fills from the thread that reads them to the thread that writes them, in runs of
/// <c>chunkSize</c>, so that a large import reads and writes at once on two cores. Each run carries the
/// bots the reader knew when it was sent. At most a few runs wait, which bounds what the stream holds.
/// </summary>
public sealed class FillStream(int chunkSize, CancellationToken cancellation) : IDisposable
{
    /// <summary>
    /// Runs of 16,384 fills: measured on a million rows, 8,192 and 16,384 were as fast, while 65,536 made
    /// the ledger wait longer for its first run and the end of the read wait longer for the last.
    /// </summary>
    public const int DefaultChunkSize = 16_384;

    private readonly BlockingCollection<FillChunk> _chunks = new(boundedCapacity: 4);
    private List<FillRecord> _pending = new(chunkSize);
    private BotSpec[] _bots = [];

    /// <summary>Called by a reader for each fill it added to <paramref name="set"/>, right after adding it.</summary>
    public void Add(FillRecord fill, ImportSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        _pending.Add(fill);
        if (_pending.Count >= chunkSize)
        {
            Send(set);
        }
    }

    /// <summary>Sends what is pending; called once the reader is done, whether or not it succeeded.</summary>
    internal void Complete(ImportSet? set)
    {
        if (set is not null && _pending.Count > 0 && !cancellation.IsCancellationRequested)
        {
            Send(set);
        }

        _chunks.CompleteAdding();
    }

    /// <summary>The runs in the order they were read; ends when the reader completes the stream.</summary>
    internal IEnumerable<FillChunk> Chunks() => _chunks.GetConsumingEnumerable(cancellation);

    public void Dispose() => _chunks.Dispose();

    private void Send(ImportSet set)
    {
        if (_bots.Length != set.Bots.Count)
        {
            _bots = [.. set.Bots];
        }

        // Blocks while the writer is behind; throws once the writer has given up.
        _chunks.Add(new FillChunk(_pending, _bots), cancellation);
        _pending = new List<FillRecord>(chunkSize);
    }
}

/// <summary>A run of fills as read, and the bots the source had named by then.</summary>
internal sealed record FillChunk(IReadOnlyList<FillRecord> Fills, IReadOnlyList<BotSpec> Bots);
