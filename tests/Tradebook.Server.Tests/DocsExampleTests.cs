using System.Diagnostics;
using System.Text.RegularExpressions;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

/// <summary>docs/api.md's Python example, run as written against a live server, so that the documentation cannot rot.</summary>
public sealed partial class DocsExampleTests() : ServerTest(StorageEngine.Sqlite)
{
    [Fact]
    public async Task the_python_example_in_the_api_docs_runs_against_a_live_server()
    {
        var docs = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "api.md"));
        var code = PythonBlock().Match(docs[docs.IndexOf("### Python", StringComparison.Ordinal)..]).Groups["code"].Value;
        Assert.False(string.IsNullOrWhiteSpace(code), "docs/api.md has no Python example");

        // ./test.sh names the python3 that has requests (Debian's python3-requests, which it installs).
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("TRADEBOOK_PYTHON") is { Length: > 0 } named ? named : "python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-");
        start.Environment["TRADEBOOK_URL"] = Server.Address.ToString().TrimEnd('/');
        using var python = Process.Start(start)!;
        await python.StandardInput.WriteAsync(code);
        python.StandardInput.Close();
        var output = python.StandardOutput.ReadToEndAsync();
        var error = python.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await python.WaitForExitAsync(timeout.Token);

        Assert.True(python.ExitCode == 0, $"python3 exited {python.ExitCode}: {await error}");
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["recorded 2 fills", "realized P&L 96.95", "400 invalid_input", "fill event py-bot"], lines);
        Assert.Equal(2, Db.Count("fills"));
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Tradebook.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("the tests run outside Tradebook's repository");
    }

    [GeneratedRegex("```python\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex PythonBlock();
}
