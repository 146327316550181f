using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tradebook.Storage.Tests.Infrastructure;

/// <summary>
/// A running Tradebook.Storage.CrashChild: a real OS process, so that locks, crashes and concurrent
/// writers are the operating system's, not threads sharing one process's SQLite state.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private ChildProcess(IEnumerable<string> args)
    {
        var (program, prefix) = Executable();
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in prefix.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _stdout.Enqueue(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _stderr.Enqueue(e.Data); } };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyCollection<string> Output => _stdout;

    public string Errors => string.Join("\n", _stderr);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ChildProcess Start(params string[] args) => new(args);

    /// <summary>SIGKILL: no chance to roll back, flush or close anything.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own just before.
        }
    }

    /// <summary>Waits until the child has written a line to stdout, or has exited, or <paramref name="timeout"/> has passed.</summary>
    public void WaitForOutput(TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (_stdout.IsEmpty && !_process.HasExited && waited.Elapsed < timeout)
        {
            Thread.Sleep(5);
        }
    }

    /// <summary>Waits for the exit and for the last output lines.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit();
        return true;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    /// <summary>The child's build output sits beside this assembly's, under the same configuration and framework.</summary>
    private static (string Program, string[] Prefix) Executable()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var tests = here.Parent.Parent!.Parent!.Parent!.FullName;
        var folder = Path.Combine(tests, "Tradebook.Storage.CrashChild", "bin", configuration, framework);
        var dll = Path.Combine(folder, "Tradebook.Storage.CrashChild.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"the crash child is not built at {folder}; build tests/Tradebook.Storage.Tests, which references it", dll);
        }

        var apphost = Path.Combine(folder, OperatingSystem.IsWindows() ? "Tradebook.Storage.CrashChild.exe" : "Tradebook.Storage.CrashChild");
        return File.Exists(apphost) ? (apphost, []) : ("dotnet", [dll]);
    }
}
