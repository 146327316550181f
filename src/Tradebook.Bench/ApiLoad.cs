using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Tradebook.Core.Domain;
using Tradebook.Server;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Migrations;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Bench;

/// <summary>
/// What one load run did, measured after its warm-up: requests answered per second and their latencies;
/// and over the whole run, warm-up included, the errors, the requests acknowledged and the fills stored.
/// </summary>
/// <param name="CpuMsPerRequest">Processor time the whole process (server and clients) spent per request, over both cores.</param>
/// <param name="MeanGroup">Requests per commit, from the server's own <c>/metrics</c>.</param>
internal sealed record ApiLoadResult(double RequestsPerSecond, Latency Latency, int Errors, long Sent, long Stored, double CpuMsPerRequest, double MeanGroup);

/// <summary>
/// <c>tradebook bench api</c>'s load: <c>clients</c> concurrent loopback HTTP clients each post one fill
/// per request, for <c>bots</c> bots, for a fixed time, against a real server on a fresh SQLite database
/// with the ledger's durability (<c>synchronous=FULL</c>). Each client trades its own product, in time
/// order, so that what is measured is the write path and not late-fill replays.
/// </summary>
internal static class ApiLoad
{
    public static async Task<ApiLoadResult> Run(int clients, int bots, TimeSpan warmup, TimeSpan duration, int maxGroupCommit)
    {
        var folder = Directory.CreateTempSubdirectory("tradebook-bench-api-");
        try
        {
            using var database = new TradebookDatabase(DatabaseTarget.Parse(Path.Combine(folder.FullName, "bench.db"), "bench", folder.FullName));
            new Migrator(database).Migrate();
            var ledger = new LedgerWriter(database, TimeProvider.System);
            for (var b = 0; b < bots; b++)
            {
                ledger.AddBot(new BotSpec($"bot{b}", BotMode.Paper));
            }

            await using var app = TradebookServer.Build(new ServerOptions { Urls = "http://127.0.0.1:0", MaxGroupCommit = maxGroupCommit }, database);
            await app.StartAsync();
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            using var http = new HttpClient { BaseAddress = address };

            // The load runs for a warm-up first, unmeasured: the runtime compiles the hot path again with
            // what it learned (tiered compilation) in the first seconds, which a server does once, not per run.
            var samples = new List<double>[clients];
            var measured = new int[2];
            long acknowledged = 0;
            long failed = 0;
            long measureFrom = long.MaxValue;
            long measureUntil = long.MaxValue;
            var load = Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var mine = samples[c] = new List<double>(4096);
                var path = $"/api/v1/bots/bot{c % bots}/fills";
                using var connection = await LoopbackConnection.Open(address);
                for (var i = 0; Stopwatch.GetTimestamp() < Volatile.Read(ref measureUntil); i++)
                {
                    var body = Encoding.UTF8.GetBytes(Fill(c, i));
                    var start = Stopwatch.GetTimestamp();
                    var status = await connection.Post(path, body);
                    var ok = status is >= 200 and < 300;
                    if (ok)
                    {
                        Interlocked.Increment(ref acknowledged);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }

                    if (start >= Volatile.Read(ref measureFrom))
                    {
                        mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                        Interlocked.Increment(ref measured[ok ? 0 : 1]);
                    }
                }
            })));
            await Task.Delay(warmup);
            var groupsBefore = await GroupCommits(http);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            Volatile.Write(ref measureFrom, Stopwatch.GetTimestamp());
            Volatile.Write(ref measureUntil, Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency));
            await load;
            var elapsed = clock.Elapsed;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var groupsAfter = await GroupCommits(http);
            await app.StopAsync();
            var stored = database.Run(connection => SqliteFileChecks.RowCounts(connection, null)["fills"]);
            var all = samples.SelectMany(s => s).ToArray();
            Array.Sort(all);
            var latency = all.Length == 0 ? new Latency(0, 0, 0, 0) : new Latency(all.Length, all[all.Length / 2], all[Math.Min(all.Length - 1, (int)Math.Ceiling(all.Length * 0.99) - 1)], all[^1]);
            var commits = groupsAfter.Commits - groupsBefore.Commits;
            var requests = measured[0] + measured[1];
            return new ApiLoadResult(
                requests / elapsed.TotalSeconds, latency, (int)Interlocked.Read(ref failed), acknowledged, stored,
                cpu.TotalMilliseconds / Math.Max(1, requests),
                commits == 0 ? 0 : (groupsAfter.Requests - groupsBefore.Requests) / commits);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Commits and the requests they carried so far, as the server's <c>/metrics</c> counts them.</summary>
    private static async Task<(double Commits, double Requests)> GroupCommits(HttpClient http)
    {
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        double Read(string name) => text.Split('\n').Where(line => line.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(line => double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture)).FirstOrDefault();
        return (Read("tradebook_group_commit_size_count"), Read("tradebook_group_commit_size_sum"));
    }

    /// <summary>The in-process rate of the same writes: one fill per transaction through the ledger, no HTTP.</summary>
    public static double InProcessCommitsPerSecond(TimeSpan duration)
    {
        var folder = Directory.CreateTempSubdirectory("tradebook-bench-store-");
        try
        {
            using var database = new TradebookDatabase(DatabaseTarget.Parse(Path.Combine(folder.FullName, "bench.db"), "bench", folder.FullName));
            new Migrator(database).Migrate();
            var ledger = new LedgerWriter(database, TimeProvider.System);
            ledger.AddBot(new BotSpec("bot0", BotMode.Paper));
            var clock = Stopwatch.StartNew();
            var count = 0;
            while (clock.Elapsed < duration)
            {
                ledger.Record(new LedgerBatch { Fills = [Record(0, count++)] });
            }

            return count / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Client c trades its own product, buying and selling in turn, one second apart.
    private static string Fill(int client, int i) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"id":"c{{client}}-{{i}}","symbol":"C{{client}}/USDT","side":"{{(i % 2 == 0 ? Side.Buy : Side.Sell).ToText()}}","qty":"0.5","price":"{{100 + (i % 7)}}","fee":"0.01","ts":"{{Start.AddSeconds(i):O}}"}""");

    private static FillRecord Record(int client, int i) =>
        new("bot0", $"c{client}-{i}", $"C{client}/USDT", i % 2 == 0 ? Side.Buy : Side.Sell, 0.5m, 100 + (i % 7), 0.01m, null, Start.AddSeconds(i));
}
