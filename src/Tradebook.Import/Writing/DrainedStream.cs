namespace Tradebook.Import.Writing;

/// <summary>
/// Reads one source through a <see cref="FillStream"/> with nothing writing: each run is dropped as it comes, so a
/// dry run or a verification holds what a streamed write holds (counts, per-product tallies and the spill on disk),
/// never a list of every fill.
/// </summary>
internal static class DrainedStream
{
    /// <summary>Runs <paramref name="read"/> on another thread, drops its runs, then gives the set and the stream to <paramref name="then"/>.</summary>
    public static T Read<T>(int chunkSize, Func<FillStream, ImportSet> read, Func<ImportSet, FillStream, T> then) =>
        StreamedRead.Run(chunkSize, read, (stream, reading) =>
        {
            foreach (var _ in stream.Chunks())
            {
                // Dropped: a run's fills are counted, tallied and spilled by the stream as the reader hands them over.
            }

            return then(reading.GetAwaiter().GetResult(), stream);
        });
}
