namespace Tradebook.Import.Writing;

/// <summary>
/// A source read on another thread into a <see cref="FillStream"/> while the caller takes its runs. The reader
/// completes the stream however it ends; a caller that fails releases the reader (which may be waiting to hand
/// over a run) and lets it finish before the stream goes.
/// </summary>
internal static class StreamedRead
{
    public static T Run<T>(int chunkSize, Func<FillStream, ImportSet> read, Func<FillStream, Task<ImportSet>, T> take)
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
            return take(stream, reading);
        }
        catch
        {
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
