using System.Net;
using System.Text.Json;
using System.Text;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

public sealed class SqliteCrossSiteTests() : CrossSiteTests(StorageEngine.Sqlite);

public sealed class PostgresCrossSiteTests() : CrossSiteTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>
/// The server has no authentication and listens on loopback, so what must not reach it is a web page the
/// user happens to visit. A page may send a "simple" POST to any address without asking first (a form, or a
/// fetch with a text body), and a page on a name that resolves to 127.0.0.1 (DNS rebinding) is even of the
/// same origin. A write a browser marks as sent from another site is refused, and so is any request that
/// names a host the server does not answer to; a bot or a script, which sends neither mark, is served as before.
/// </summary>
public abstract class CrossSiteTests(StorageEngine engine) : ServerTest(engine)
{
    private const string Fill = """{"kind":"fill","bot":"alpha","id":"f1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-12-01T10:00:00Z"}""";

    public static TheoryData<string, string> CrossSiteMarks => new()
    {
        { "Sec-Fetch-Site", "cross-site" },
        { "Sec-Fetch-Site", "same-site" },
        { "Origin", "https://evil.example" },
        { "Origin", "http://127.0.0.1:1" },
        { "Origin", "null" },
    };

    [StorageTheory]
    [MemberData(nameof(CrossSiteMarks))]
    public async Task a_write_a_browser_sent_from_another_site_is_a_403_that_writes_nothing(string header, string value)
    {
        await Server.AddBot("alpha");

        foreach (var request in new[]
        {
            Request(HttpMethod.Post, "/api/v1/records", Fill, "text/plain"),
            Request(HttpMethod.Post, "/api/v1/records", Fill, "application/json"),
            Request(HttpMethod.Post, "/api/v1/bots/alpha/pause", null, null),
            Request(HttpMethod.Patch, "/api/v1/bots/alpha", """{"strategy_version":"9"}""", "application/json"),
        })
        {
            request.Headers.TryAddWithoutValidation(header, value);
            var detail = await Problems.Expect(await Server.Http.SendAsync(request), HttpStatusCode.Forbidden, "cross_site_request");
            Assert.Contains("another site", detail, StringComparison.Ordinal);
        }

        Assert.Equal(0, Db.Count("fills"));
        var bot = await Server.GetJson("/api/v1/bots/alpha");
        Assert.Equal("running", bot.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, bot.GetProperty("strategy_version").ValueKind);
    }

    [StorageFact]
    public async Task a_write_from_the_servers_own_pages_or_from_a_script_is_served()
    {
        await Server.AddBot("alpha");
        var own = Server.Http.BaseAddress!.GetLeftPart(UriPartial.Authority);

        var sameOrigin = Request(HttpMethod.Post, "/api/v1/records", Fill, "application/json");
        sameOrigin.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
        sameOrigin.Headers.TryAddWithoutValidation("Origin", own);
        var typedByHand = Request(HttpMethod.Post, "/api/v1/records", Fill.Replace("f1", "f2", StringComparison.Ordinal), "application/json");
        typedByHand.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "none");
        var olderBrowser = Request(HttpMethod.Post, "/api/v1/records", Fill.Replace("f1", "f3", StringComparison.Ordinal), "application/json");
        olderBrowser.Headers.TryAddWithoutValidation("Origin", own);
        var script = Request(HttpMethod.Post, "/api/v1/records", Fill.Replace("f1", "f4", StringComparison.Ordinal), "application/json");

        foreach (var request in new[] { sameOrigin, typedByHand, olderBrowser, script })
        {
            var response = await Server.Http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(4, Db.Count("fills"));
    }

    [StorageFact]
    public async Task a_read_from_another_site_is_served_and_the_browser_keeps_it_from_the_page()
    {
        // Reads change nothing; without an Access-Control-Allow-Origin in the answer a browser does not
        // hand it to the page that asked.
        var request = Request(HttpMethod.Get, "/api/v1/bots", null, null);
        request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site");
        request.Headers.TryAddWithoutValidation("Origin", "https://evil.example");

        var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [StorageTheory]
    [InlineData("evil.example")]
    [InlineData("evil.example:5080")]
    [InlineData("127.0.0.1.evil.example")]
    [InlineData("10.0.0.1")]
    public async Task a_request_for_a_host_the_server_does_not_answer_to_is_a_421_for_reads_and_writes(string host)
    {
        await Server.AddBot("alpha");

        foreach (var request in new[] { Request(HttpMethod.Get, "/api/v1/bots", null, null), Request(HttpMethod.Post, "/api/v1/records", Fill, "application/json") })
        {
            request.Headers.Host = host;
            var detail = await Problems.Expect(await Server.Http.SendAsync(request), HttpStatusCode.MisdirectedRequest, "unknown_host");
            Assert.Contains(host, detail, StringComparison.Ordinal);
        }

        Assert.Equal(0, Db.Count("fills"));
    }

    [StorageTheory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST:5080")]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3:80")]
    [InlineData("[::1]:5080")]
    [InlineData("dashboard.localhost")]
    public async Task a_loopback_host_is_served(string host)
    {
        var request = Request(HttpMethod.Get, "/api/v1/bots", null, null);
        request.Headers.Host = host;

        var response = await Server.Http.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [StorageFact]
    public async Task a_host_named_in_the_options_is_served_as_a_reverse_proxy_forwards_it()
    {
        await using var proxied = await RunningServer.StartAsync(Db, RunningServer.Fast with { AllowedHosts = ["tradebook.example.org"] });
        var request = Request(HttpMethod.Get, "/api/v1/bots", null, null);
        request.Headers.Host = "tradebook.example.org";

        var response = await proxied.Http.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [StorageFact]
    public async Task a_page_the_user_names_as_their_own_may_read_and_write_from_a_browser_and_no_other()
    {
        // A screen of the user's own, served by a dev server on another port, could neither read the API (no
        // Access-Control-Allow-Origin) nor write through it (a write from another site is a 403).
        const string Own = "http://localhost:3000";
        await using var server = await RunningServer.StartAsync(Db, RunningServer.Fast with { CorsOrigins = [Own] });
        await server.AddBot("alpha");

        foreach (var (origin, allowed) in new[] { (Own, true), ("https://evil.example", false) })
        {
            using var preflight = Request(HttpMethod.Options, "/api/v1/records", null, null);
            preflight.Headers.TryAddWithoutValidation("Origin", origin);
            preflight.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "POST");
            preflight.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", "content-type");
            var asked = await server.Http.SendAsync(preflight);
            Assert.Equal(allowed, asked.Headers.TryGetValues("Access-Control-Allow-Origin", out var preflightOrigin) && preflightOrigin.Single() == origin);

            using var write = Request(HttpMethod.Post, "/api/v1/records", Fill.Replace("f1", $"f-{allowed}", StringComparison.Ordinal), "application/json");
            write.Headers.TryAddWithoutValidation("Origin", origin);
            write.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-site");
            var written = await server.Http.SendAsync(write);
            Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden, written.StatusCode);

            using var read = Request(HttpMethod.Get, "/api/v1/bots", null, null);
            read.Headers.TryAddWithoutValidation("Origin", origin);
            read.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-site");
            var answer = await server.Http.SendAsync(read);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(allowed, answer.Headers.Contains("Access-Control-Allow-Origin"));
        }

        Assert.Equal(1, Db.Count("fills"));
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? body, string? contentType)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType ?? "application/json");
        }

        return request;
    }
}
