using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Tradebook.Cli.Tests.Support;

/// <summary>The real <c>tradebook</c> process, run to its end or killed (SIGKILL) at a chosen moment.</summary>
public static class KilledCli
{
    /// <summary>Runs <c>dotnet tradebook.dll ARGS</c>; kills it after <paramref name="killAfter"/> unless it ended. Returns whether it was killed.</summary>
    public static bool Run(TimeSpan? killAfter, params string[] args)
    {
        SqliteConnection.ClearAllPools();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "tradebook.dll") }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var killed = false;
        if (killAfter is { } wait && !process.WaitForExit(wait))
        {
            // Process.Kill sends SIGKILL on Unix: no handler, no finally block runs.
            process.Kill(entireProcessTree: true);
            killed = true;
        }

        process.WaitForExit();
        Assert.True(killed || process.ExitCode == 0, $"exit {process.ExitCode}\n{error.Result}{output.Result}");
        return killed;
    }

    /// <summary>How long a whole run takes.</summary>
    public static TimeSpan Timed(params string[] args)
    {
        var watch = Stopwatch.StartNew();
        Assert.False(Run(null, args));
        return watch.Elapsed;
    }

    /// <summary>The i-th of <paramref name="kills"/> moments: a random one in each slice of a run, so that kills land early and late.</summary>
    public static TimeSpan KillAt(int i, int kills, TimeSpan duration, Random random)
    {
        var slice = duration.TotalMilliseconds / kills;
        return TimeSpan.FromMilliseconds((i * slice) + (random.NextDouble() * slice));
    }

    /// <summary>A consistent copy, WAL included: a plain file copy of a WAL-mode database can miss committed rows.</summary>
    public static void CopyDatabase(string from, string to)
    {
        foreach (var old in new[] { to, to + "-wal", to + "-shm" }.Where(File.Exists))
        {
            File.Delete(old);
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = from, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $to";
        command.Parameters.AddWithValue("$to", to);
        command.ExecuteNonQuery();
    }
}
