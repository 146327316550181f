using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Tradebook.Core.Domain;
using Tradebook.Server;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Migrations;

namespace Tradebook.Cli.Bench;

/// <summary>What one load run did: requests answered per second, their latencies, and what was stored.</summary>
internal sealed record ApiLoadResult(double RequestsPerSecond, Latency Latency, int Errors, long Sent, long Stored);

/// <summary>
/// <c>tradebook bench api</c>'s load: <c>clients</c> concurrent loopback HTTP clients each post one fill
/// per request, for <c>bots</c> bots, for a fixed time, against a real server on a fresh SQLite database
/// with the ledger's durability (<c>synchronous=FULL</c>). Each client trades its own product, in time
/// order, so that what is measured is the write path and not late-fill replays.
/// </summary>
internal static class ApiLoad
{
    public static async Task<ApiLoadResult> Run(int clients, int bots, TimeSpan duration, int maxGroupCommit)
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
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = address };

            var samples = new List<double>[clients];
            var errors = 0;
            long sent = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var mine = samples[c] = new List<double>(4096);
                var bot = $"bot{c % bots}";
                for (var i = 0; clock.Elapsed < duration; i++)
                {
                    var body = Fill(c, i);
                    using var content = new StringContent(body, Encoding.UTF8);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    var start = Stopwatch.GetTimestamp();
                    using var response = await http.PostAsync(new Uri($"/api/v1/bots/{bot}/fills", UriKind.Relative), content);
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref sent);
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            })));
            var elapsed = clock.Elapsed;
            await app.StopAsync();
            var stored = database.Run(connection =>
            {
                using var count = connection.Command(null, "SELECT count(*) FROM fills");
                return Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
            });
            var all = samples.SelectMany(s => s).ToArray();
            Array.Sort(all);
            var latency = all.Length == 0 ? new Latency(0, 0, 0, 0) : new Latency(all.Length, all[all.Length / 2], all[Math.Min(all.Length - 1, (int)Math.Ceiling(all.Length * 0.99) - 1)], all[^1]);
            return new ApiLoadResult((sent + errors) / elapsed.TotalSeconds, latency, errors, sent, stored);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
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
