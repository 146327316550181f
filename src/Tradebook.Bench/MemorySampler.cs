namespace Tradebook.Bench;

/// <summary>
/// The highest working set seen while it runs, sampled every few milliseconds: the process's own peak
/// counts everything since start, where a benchmark wants the peak of one phase.
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();
    private long _peak;

    public MemorySampler()
    {
        _peak = Environment.WorkingSet;
        _thread = new Thread(Sample) { IsBackground = true, Name = "bench memory sampler" };
        _thread.Start();
    }

    public long PeakWorkingSet => Math.Max(Interlocked.Read(ref _peak), Environment.WorkingSet);

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }

    private void Sample()
    {
        while (!_stop.Wait(10))
        {
            var now = Environment.WorkingSet;
            if (now > Interlocked.Read(ref _peak))
            {
                Interlocked.Exchange(ref _peak, now);
            }
        }
    }
}
