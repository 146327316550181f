namespace Tradebook.Import.Writing;

/// <summary>
/// Reads one source through a <see cref="FillStream"/> with nothing writing: each run is dropped as it comes, so a
/// dry run or a verification holds what a streamed write holds (counts, per-product tallies and the spill on disk),
/// never a list of every fill.
/// </summary>
internal static class DrainedStream
{
    /// <summary>Runs <paramref name="read"/> on another thread, drops its runs, then gives the set and the stream to <paramref name="then"/>.</summary>
    public static T Read<T>(int chunkSize, Func<FillStream, ImportSet> read, Func<ImportSet, FillStream, T> then)
    {
        using var cancellation = new CancellationTokenSource();
        using var stream = new FillStream(chunkSize, cancellation.Token);
        var reading = Task.Run(() =>
        {
            ImportSet? set = null;
            try
            {
                set = read(stream);
                return set;
            }
            finally
            {
                stream.Complete(set);
            }
        });

        try
        {
            foreach (var _ in stream.Chunks())
            {
                // Dropped: a run's fills are counted, tallied and spilled by the stream as the reader hands them over.
            }

            return then(reading.GetAwaiter().GetResult(), stream);
        }
        catch
        {
            // The reader may be waiting to hand over a run: release it, and let it finish before the stream goes.
            cancellation.Cancel();
            try
            {
                reading.Wait();
            }
            catch (AggregateException)
            {
            }

            throw;
        }
    }
}
