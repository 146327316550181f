using System.Diagnostics;
using System.Text.RegularExpressions;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

/// <summary>docs/api.md's curl, Python and JavaScript examples, run as written against a live server, so that the documentation cannot rot.</summary>
public sealed partial class DocsExampleTests() : ServerTest(StorageEngine.Sqlite)
{
    [Fact]
    public async Task the_python_example_in_the_api_docs_runs_against_a_live_server()
    {
        var code = await Example("### Python", PythonBlock());

        // ./test.sh names the python3 that has requests (Debian's python3-requests, which it installs).
        var (exit, output, error) = await RunScript(
            Environment.GetEnvironmentVariable("TRADEBOOK_PYTHON") is { Length: > 0 } interpreter ? interpreter : "python3",
            ["-"],
            code,
            ("TRADEBOOK_URL", Server.Address.ToString().TrimEnd('/')));

        Assert.True(exit == 0, $"python3 exited {exit}: {error}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["recorded 2 fills", "realized P&L 96.95", "400 invalid_input", "fill event py-bot"], lines);
        Assert.Equal(2, Db.Count("fills"));
    }

    [Fact]
    public async Task the_curl_example_in_the_api_docs_runs_against_a_live_server()
    {
        var code = await Example("### curl", BashBlock());
        Assert.Contains("localhost:5080", code, StringComparison.Ordinal);

        // The stream's curl runs until Ctrl-C: here until its --max-time.
        code = code.Replace("localhost:5080", Server.Address.Authority, StringComparison.Ordinal).Replace("curl -N ", "curl -N --max-time 3 ", StringComparison.Ordinal);
        var (exit, text, error) = await RunScript("bash", [], code);

        // curl exits 28 when its --max-time ends the stream; every other command must have succeeded for the figures below.
        Assert.True(exit is 0 or 28, $"bash exited {exit}: {error}");
        Assert.Contains("\"name\":\"my-bot\"", text, StringComparison.Ordinal);
        Assert.Contains("\"outcome\":\"inserted\"", text, StringComparison.Ordinal);
        Assert.Contains("\"bot\":\"my-bot\"", text, StringComparison.Ordinal);
        Assert.Contains("event: ", text, StringComparison.Ordinal);
        Assert.Equal(1, Db.Count("fills"));
        Assert.Equal(1, Db.Count("decisions"));
    }

    [Fact]
    public async Task the_javascript_example_in_the_api_docs_runs_in_a_real_browser()
    {
        var code = await Example("### JavaScript", JavaScriptBlock());
        Assert.Contains("const base = \"http://127.0.0.1:5080/api/v1\";", code, StringComparison.Ordinal);
        code = code.Replace("http://127.0.0.1:5080", Server.Address.ToString().TrimEnd('/'), StringComparison.Ordinal);

        await using var browser = await Dashboard.Browser.LaunchAsync();
        await using var page = await browser.OpenAsync(Server.Address);
        var logged = new List<string>();
        page.Page.Console += (_, message) => { lock (logged) { logged.Add(message.Text); } };
        await page.Page.GotoAsync("/");

        // The example as written, its top-level awaits in an async function; what it read is handed back. Then a
        // second fill through the API, which the example's EventSource must hear of.
        var pnl = await page.Page.EvaluateAsync<System.Text.Json.JsonElement>($"async () => {{ {code}\n return pnl; }}");
        var second = await Server.PostJson("/api/v1/bots/js-bot/fills", """{"id":"f-2","symbol":"SOL/USDT","side":"sell","qty":"10","price":"151","ts":"2026-12-07T10:00:00Z"}""");
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until && !Logged(logged).Any(l => l.StartsWith("fill", StringComparison.Ordinal)))
        {
            await Task.Delay(100);
        }

        var line = Assert.Single(pnl.GetProperty("lines").EnumerateArray());
        Assert.Equal("SOL/USDT", line.GetProperty("product").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.String, line.GetProperty("fees").ValueKind);
        Assert.True(second.IsSuccessStatusCode);
        Assert.Equal(2, Db.Count("fills"));
        Assert.Contains(Logged(logged), l => l.StartsWith("fill", StringComparison.Ordinal));
        page.AssertNoErrors();
    }

    /// <summary>The first code block of <paramref name="block"/>'s language under <paramref name="heading"/> in docs/api.md.</summary>
    private static async Task<string> Example(string heading, Regex block)
    {
        var docs = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "api.md"));
        var code = block.Match(docs[docs.IndexOf(heading, StringComparison.Ordinal)..]).Groups["code"].Value;
        Assert.False(string.IsNullOrWhiteSpace(code), $"docs/api.md has no example under {heading}");
        return code;
    }

    /// <summary>Runs <paramref name="code"/> through <paramref name="program"/>'s standard input; at most a minute.</summary>
    private static async Task<(int Exit, string Output, string Error)> RunScript(string program, string[] arguments, string code, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(code);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static List<string> Logged(List<string> logged)
    {
        lock (logged)
        {
            return [.. logged];
        }
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

    [GeneratedRegex("```bash\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex("```javascript\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex JavaScriptBlock();
}
