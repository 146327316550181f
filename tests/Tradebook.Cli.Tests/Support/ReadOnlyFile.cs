using System.Diagnostics;

namespace Tradebook.Cli.Tests.Support;

/// <summary>
/// Makes a file truly unwritable for this process, and undoes it on dispose. Permission bits do not stop
/// root, so as root the file is marked immutable (chattr +i), which does; where neither works the
/// condition cannot be produced honestly and <see cref="TryMake"/> returns null.
/// </summary>
public sealed class ReadOnlyFile : IDisposable
{
    private readonly string _path;
    private readonly bool _immutable;
    private readonly UnixFileMode _mode;

    private ReadOnlyFile(string path, bool immutable, UnixFileMode mode)
    {
        _path = path;
        _immutable = immutable;
        _mode = mode;
    }

    public static ReadOnlyFile? TryMake(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var mode = File.GetUnixFileMode(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        if (!CanWrite(path))
        {
            return new ReadOnlyFile(path, immutable: false, mode);
        }

        File.SetUnixFileMode(path, mode);
        if (Chattr("+i", path) && !CanWrite(path))
        {
            return new ReadOnlyFile(path, immutable: true, mode);
        }

        Chattr("-i", path);
        return null;
    }

    public void Dispose()
    {
        if (_immutable)
        {
            Chattr("-i", _path);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_path, _mode);
        }
    }

    private static bool CanWrite(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    private static bool Chattr(string flag, string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true, RedirectStandardOutput = true });
            if (process is null)
            {
                return false;
            }

            process.WaitForExit(10_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
