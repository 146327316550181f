using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Support;
using Tradebook.Storage.Connection;

namespace Tradebook.Cli.Tests;

/// <summary>
/// Eight <c>tradebook record --batch-size 1</c> processes write one SQLite file at once, round after round,
/// for 15 seconds (a CI-sized cut of the 60-second target): writers take the write lock in turn, so none
/// waits out its busy timeout (5 s here, stricter than the default 30 s) and every fill recorded is there.
/// </summary>
public sealed class ConcurrentWriterProcessTests : IDisposable
{
    private const int Writers = 8;
    private const int FillsPerRound = 60;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);

    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task eight_writer_processes_with_batch_size_1_never_time_out_and_lose_nothing()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        for (var w = 0; w < Writers; w++)
        {
            Assert.Equal(0, _workspace.Run("bots", "add", $"w{w}", "--mode", "paper").ExitCode);
        }

        var failures = new ConcurrentQueue<string>();
        var recorded = new long[Writers];
        var sent = new long[Writers];
        var deadline = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Factory.StartNew(
            () =>
            {
                for (var round = 0; deadline.Elapsed < Duration; round++)
                {
                    var lines = Enumerable.Range(0, FillsPerRound).Select(n =>
                        Fills.Line($"w{w}", $"r{round}-{n}", n % 2 == 0 ? "BTC/USDT" : "ETH/USDT", n % 3 == 0 ? "sell" : "buy", 1, 100 + (n % 5), minute: n % 60));
                    var file = _workspace.WriteFile($"w{w}-r{round}.jsonl", Fills.Lines([.. lines]));
                    var (exit, output, error) = RecordInChild(file);
                    sent[w] += FillsPerRound;
                    if (exit != 0 || error.Contains("error:", StringComparison.Ordinal))
                    {
                        failures.Enqueue($"writer {w} round {round}: exit {exit}: {error}");
                        return;
                    }

                    using var json = JsonDocument.Parse(output);
                    recorded[w] += json.RootElement.GetProperty("kinds").GetProperty("fills").GetProperty("inserted").GetInt64();
                }
            },
            TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(writers);

        Assert.True(failures.IsEmpty, string.Join("\n", failures));
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={_workspace.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        for (var w = 0; w < Writers; w++)
        {
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM fills f JOIN bots b ON b.id = f.bot_id WHERE b.name = $bot";
            count.Parameters.AddWithValue("$bot", $"w{w}");
            var stored = (long)count.ExecuteScalar()!;
            Assert.Equal(sent[w], recorded[w]);
            Assert.Equal(sent[w], stored);
        }
    }

    private (int Exit, string Output, string Error) RecordInChild(string file)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "tradebook.dll"), "record", file, "--batch-size", "1", "--json", "--db", _workspace.DatabasePath })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[BusyTimeout.Variable] = 5000.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
