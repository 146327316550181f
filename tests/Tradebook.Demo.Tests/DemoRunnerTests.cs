using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace Tradebook.Demo.Tests;

public sealed class DemoRunnerTests
{
    private static readonly DemoOptions Quick = new()
    {
        HistoryBars = 120,
        BackfillBars = 60,
        BackfillBatch = 25,
        BarsPerSecond = 2_000,
        KeepAliveAtEnd = false,
    };

    [Fact]
    public async Task the_demo_creates_paper_bots_backfills_then_posts_turns_and_heartbeats()
    {
        var server = new FakeServer();
        using var http = new HttpClient(server) { BaseAddress = new Uri("http://demo.test/") };

        await DemoRunner.RunAsync(http, Quick, CancellationToken.None);

        var requests = server.Requests.ToList();
        var bots = requests.Where(r => r.Path == "/api/v1/bots").Select(r => r.Body!).ToList();
        Assert.Equal(4, bots.Count);
        Assert.All(bots, b => Assert.Equal("paper", b["mode"]!.GetValue<string>()));
        Assert.True(requests.FindIndex(r => r.Path == "/api/v1/records") > requests.FindLastIndex(r => r.Path == "/api/v1/bots"));

        // 60 bars in batches of 25: three requests of records, each with every symbol's price bars.
        var backfill = requests.Where(r => r.Path == "/api/v1/records" && r.Body!.AsArray().Any(x => x!["kind"]!.GetValue<string>() == "snapshot")).ToList();
        Assert.Equal(3, backfill.Count);
        Assert.Equal(60 * 4, backfill.Sum(r => r.Body!.AsArray().Count(x => x!["kind"]!.GetValue<string>() == "snapshot")));

        foreach (var bot in bots.Select(b => b["name"]!.GetValue<string>()))
        {
            var turns = requests.Where(r => r.Path == $"/api/v1/bots/{bot}/turns").ToList();
            Assert.Equal(60, turns.Count);
            Assert.All(turns, t => Assert.Null(t.Body!["bot"]));
            Assert.Contains(requests, r => r.Path == $"/api/v1/bots/{bot}/heartbeat");
        }

        var livePrices = requests.Where(r => r.Path == "/api/v1/records").Except(backfill).SelectMany(r => r.Body!.AsArray()).ToList();
        Assert.Equal(60 * 4, livePrices.Count);
        Assert.All(livePrices, p => Assert.Equal("price_bar", p!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task a_busy_server_is_asked_again()
    {
        var server = new FakeServer { FailFirst = 3, FailWith = HttpStatusCode.ServiceUnavailable };
        using var http = new HttpClient(server) { BaseAddress = new Uri("http://demo.test/") };

        await DemoRunner.RunAsync(http, Quick, CancellationToken.None);

        Assert.Equal(60, server.Requests.Count(r => r.Path == "/api/v1/bots/grid-eth/turns"));
    }

    [Fact]
    public async Task a_refused_write_stops_the_demo_with_the_servers_reason()
    {
        var server = new FakeServer { FailFirst = int.MaxValue, FailWith = HttpStatusCode.Conflict };
        using var http = new HttpClient(server) { BaseAddress = new Uri("http://demo.test/") };

        var error = await Assert.ThrowsAsync<DemoException>(() => DemoRunner.RunAsync(http, Quick, CancellationToken.None));

        Assert.Contains("409", error.Message, StringComparison.Ordinal);
        Assert.Contains("conflict: the same id with other values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task cancelling_stops_the_demo_quietly()
    {
        var server = new FakeServer();
        using var http = new HttpClient(server) { BaseAddress = new Uri("http://demo.test/") };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await DemoRunner.RunAsync(http, Quick with { BarsPerSecond = 5, HistoryBars = 10_000 }, cancel.Token);

        Assert.True(server.Requests.Count(r => r.Path == "/api/v1/bots/grid-eth/turns") < 20);
    }

    [Fact]
    public void a_pace_of_zero_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => (Quick with { BarsPerSecond = 0 }).Validate());
    }

    private sealed record Request(string Path, JsonNode? Body);

    private sealed class FakeServer : HttpMessageHandler
    {
        private int _failed;

        public ConcurrentQueue<Request> Requests { get; } = new();

        public int FailFirst { get; init; }

        public HttpStatusCode FailWith { get; init; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _failed) <= FailFirst)
            {
                return new HttpResponseMessage(FailWith)
                {
                    Content = new StringContent("{\"code\":\"conflict\",\"detail\":\"the same id with other values\"}", System.Text.Encoding.UTF8, "application/problem+json"),
                };
            }

            var body = request.Content is null ? null : JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
            Requests.Enqueue(new Request(request.RequestUri!.AbsolutePath, body));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };
        }
    }
}
