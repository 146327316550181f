using System.Diagnostics;
using Tradebook.Storage.Connection;

namespace Tradebook.Server.Tests.Support;

/// <summary>The <c>tradebook</c> command run as a separate OS process, as a user's script runs it.</summary>
public static class CliProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>The built <c>tradebook.dll</c> beside the test assembly.</summary>
    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "tradebook.dll");

    public static async Task<Result> RunAsync(string connectionString, SqlEngine engine, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A PostgreSQL test database is a schema on the test server, reached through its search path.
        start.Environment["TRADEBOOK_DB"] = engine == SqlEngine.Postgres ? connectionString : DataSource(connectionString);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }

    private static string DataSource(string connectionString) =>
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
}
