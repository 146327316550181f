using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Tradebook.Server.Tests.Support;

namespace Tradebook.Server.Tests;

/// <summary>
/// `tradebook serve` as a separate process under write load: killed with SIGKILL it loses no answered
/// record, and stopped with SIGTERM it finishes what is in flight, leaves no half-written request and
/// exits 0.
/// </summary>
public sealed class ServerProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tradebook-serve-").FullName;

    private string DatabasePath => Path.Combine(_folder, "tradebook.db");

    [Fact]
    public async Task a_server_killed_under_load_loses_no_acknowledged_record()
    {
        using var server = await ServeAsync();
        var acknowledged = await LoadUntil(server, () => server.Process.Kill(entireProcessTree: true));
        await server.Process.WaitForExitAsync();

        var stored = StoredTurns();
        Assert.True(acknowledged.Count > 50, $"only {acknowledged.Count} turns were answered before the kill");
        Assert.All(acknowledged, turn => Assert.Contains(turn, stored.Keys));
        Assert.All(stored, turn => Assert.Equal(2, turn.Value));
        Assert.Equal("ok", Integrity());
    }

    [Fact]
    public async Task a_graceful_stop_under_load_finishes_what_is_in_flight_and_exits_0()
    {
        using var server = await ServeAsync();
        var acknowledged = await LoadUntil(server, () => Signal(server.Process.Id, "TERM"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await server.Process.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, server.Process.ExitCode);
        Assert.Contains("Tradebook stopped.", server.Output.ToString(), StringComparison.Ordinal);
        var stored = StoredTurns();
        Assert.All(acknowledged, turn => Assert.Contains(turn, stored.Keys));
        Assert.All(stored, turn => Assert.Equal(2, turn.Value));
        Assert.Equal("ok", Integrity());
    }

    [Fact]
    public async Task a_port_in_use_is_one_error_line_and_exit_2()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var result = await CliProcess.RunAsync($"Data Source={DatabasePath}", Storage.Connection.SqlEngine.Sqlite, "serve", "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(2, result.ExitCode);
        var errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.Single(errors);
        Assert.Contains("--urls", errors[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task port_serves_on_the_loopback_address_at_that_port()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var server = await StartServeAsync("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var http = new HttpClient();

        Assert.Equal(new Uri($"http://127.0.0.1:{port}"), server.Address);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/live"))).StatusCode);
    }

    [Theory]
    [InlineData("--port", "70000", "1 to 65535")]
    [InlineData("--port", "0", "1 to 65535")]
    [InlineData("--port", "5081 --urls http://127.0.0.1:5082", "not both")]
    [InlineData("--cors-origin", "*", "every web page")]
    [InlineData("--cors-origin", "localhost:3000", "not an origin")]
    [InlineData("--cors-origin", "http://localhost:3000/app", "not an origin")]
    [InlineData("--urls", "garbage", "not a URL to listen on")]
    [InlineData("--urls", "http://10.1.2.3:5080", "no authentication yet")]
    public async Task an_option_that_cannot_be_used_as_given_is_one_error_line_and_exit_2(string option, string value, string expected)
    {
        // The database was created, schema and all, before --urls was refused.
        var result = await CliProcess.RunAsync($"Data Source={DatabasePath}", Storage.Connection.SqlEngine.Sqlite, ["serve", option, .. value.Split(' ')]);

        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(File.Exists(DatabasePath), "nothing is created before the options are checked");
    }

    [Fact]
    public async Task allowed_hosts_are_served_besides_loopback_and_any_other_host_is_a_421()
    {
        using var server = await ServeAsync("--allowed-hosts", "proxy.example.org,other.example.org", "--allowed-hosts", "third.example.org");
        using var http = new HttpClient { BaseAddress = server.Address };

        foreach (var (host, expected) in new[] { ("proxy.example.org", HttpStatusCode.OK), ("third.example.org", HttpStatusCode.OK), ("localhost", HttpStatusCode.OK), ("evil.example.org", HttpStatusCode.MisdirectedRequest) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/bots", UriKind.Relative));
            request.Headers.Host = host;
            Assert.Equal(expected, (await http.SendAsync(request)).StatusCode);
        }
    }

    [Fact]
    public async Task a_database_file_moved_over_the_served_one_is_refused_and_never_reads_the_old_files_wal()
    {
        var older = Path.Combine(_folder, "older.db");
        var movedAway = Path.Combine(_folder, "moved-away.db");
        Assert.Equal(0, (await CliProcess.RunAsync($"Data Source={older}", Storage.Connection.SqlEngine.Sqlite, "init")).ExitCode);
        using var server = await ServeAsync();
        using var http = new HttpClient { BaseAddress = server.Address };
        Assert.True((await PostJson(http, "/api/v1/bots", """{"name":"kept","mode":"paper"}""")).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostJson(http, "/api/v1/bots/kept/turns", Turn("before"))).StatusCode);

        // What a user restoring by hand does while the server runs.
        File.Move(DatabasePath, movedAway);
        File.Move(older, DatabasePath);
        using var write = await PostJson(http, "/api/v1/bots/kept/turns", Turn("after"));
        using var read = await http.GetAsync(new Uri("/api/v1/bots", UriKind.Relative));

        Assert.Contains("restart the server", await Problems.Expect(write, HttpStatusCode.ServiceUnavailable, "database_replaced"), StringComparison.Ordinal);
        await Problems.Expect(read, HttpStatusCode.ServiceUnavailable, "database_replaced");

        // The file now at the path is the one moved there, whole: none of the served file's rows came to it
        // through the WAL they shared by name. The served file, moved away, kept what it was answered for.
        Assert.Equal(0L, Scalar(DatabasePath, "SELECT count(*) FROM fills"));
        Assert.Equal(0L, Scalar(DatabasePath, "SELECT count(*) FROM pragma_foreign_key_check"));
        Assert.Equal(2L, Scalar(movedAway, "SELECT count(*) FROM fills"));
    }

    private static Task<HttpResponseMessage> PostJson(HttpClient http, string path, string body) =>
        http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

    private static string Turn(string name) =>
        $$"""{"fills":[{"id":"{{name}}-a","symbol":"BTC/USDT","side":"buy","qty":"1","price":"10","ts":"2026-01-01T00:00:00Z"},{"id":"{{name}}-b","symbol":"BTC/USDT","side":"sell","qty":"1","price":"11","ts":"2026-01-01T00:00:01Z"}]}""";

    private static long Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Eight clients post two-fill turns until <paramref name="stop"/> has run, half a second into the load; returns the turns answered 200.</summary>
    private static async Task<ConcurrentBag<string>> LoadUntil(ServeProcess server, Action stop)
    {
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(10) };
        var created = await http.PostAsync(new Uri("/api/v1/bots", UriKind.Relative), new StringContent("""{"name":"loaded","mode":"paper"}""", Encoding.UTF8, "application/json"));
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        var acknowledged = new ConcurrentBag<string>();
        var stopped = false;
        var writers = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            for (var i = 0; !Volatile.Read(ref stopped) || i < 1; i++)
            {
                var turn = $"t{c}-{i}";
                var ts = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i);
                var body = $$"""{"fills":[{"id":"{{turn}}-a","symbol":"C{{c}}/USDT","side":"buy","qty":"1","price":"10","ts":"{{ts:O}}"},{"id":"{{turn}}-b","symbol":"C{{c}}/USDT","side":"sell","qty":"1","price":"11","ts":"{{ts.AddMilliseconds(500):O}}"}]}""";
                try
                {
                    using var response = await http.PostAsync(new Uri("/api/v1/bots/loaded/turns", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
                    if (response.IsSuccessStatusCode)
                    {
                        acknowledged.Add(turn);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The server went away mid-request: the answer never came, so nothing was promised.
                    return;
                }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(2));
        stop();
        Volatile.Write(ref stopped, true);
        await Task.WhenAll(writers);
        return acknowledged;
    }

    /// <summary>Stored fills per turn: a turn is stored whole (2) or not at all.</summary>
    private Dictionary<string, int> StoredTurns()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT external_id FROM fills";
        using var reader = command.ExecuteReader();
        var turns = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var id = reader.GetString(0);
            var turn = id[..id.LastIndexOf('-')];
            turns[turn] = turns.GetValueOrDefault(turn) + 1;
        }

        return turns;
    }

    private string Integrity()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {pid}");
        kill.WaitForExit();
    }

    private Task<ServeProcess> ServeAsync(params string[] options) => StartServeAsync(["--urls", "http://127.0.0.1:0", .. options]);

    private async Task<ServeProcess> StartServeAsync(params string[] options)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { CliProcess.Assembly, "--db", DatabasePath, "serve" }.Concat(options))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var output = new StringBuilder();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line.Data);
            }

            const string Serving = "Tradebook is serving ";
            if (line.Data.StartsWith(Serving, StringComparison.Ordinal))
            {
                ready.TrySetResult(new Uri(line.Data[Serving.Length..]));
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new ServeProcess(process, address, output);
    }

    private sealed record ServeProcess(Process Process, Uri Address, StringBuilder Output) : IDisposable
    {
        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }
    }
}
