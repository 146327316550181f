using System.Net;
using System.Text;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

public sealed class SqliteBadInputTests() : BadInputTests(StorageEngine.Sqlite);

public sealed class PostgresBadInputTests() : BadInputTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>Every write endpoint answers bad input with a 4xx problem, never a 500, and writes nothing.</summary>
public abstract class BadInputTests(StorageEngine engine) : ServerTest(engine)
{
    private const string GoodFill = """{"id":"f1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-12-01T10:00:00Z"}""";

    /// <summary>The good fill of bot alpha, as a body of <c>/api/v1/records</c>.</summary>
    private const string GoodRecords = """[{"kind":"fill","bot":"alpha","id":"f1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-12-01T10:00:00Z"}]""";

    public static TheoryData<string, string> Bodies => new()
    {
        { "/api/v1/records", "{not json" },
        { "/api/v1/records", """{"kind":"fill","bot":"alpha","id":"f1","symbol":"BTC/USDT","side":"buy","qty":"abc","price":"1","ts":"2026-12-01T10:00:00Z"}""" },
        { "/api/v1/records", """{"kind":"fill","bot":"alpha","id":"f1","symbol":"BTC/USDT","side":"sideways","qty":"1","price":"1","ts":"2026-12-01T10:00:00Z"}""" },
        { "/api/v1/records", """{"kind":"fill","bot":"alpha","id":"f1","symbol":"BTC/USDT","side":"buy","qty":"-1","price":"1","ts":"2026-12-01T10:00:00Z"}""" },
        { "/api/v1/records", """{"kind":"fill","bot":"alpha","id":"f1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"NaN","ts":"2026-12-01T10:00:00Z"}""" },
        { "/api/v1/records", """{"kind":"fill","bot":"alpha","id":"f1","symbol":"BTC/USDT","side":"buy","qty":1e400,"price":"1","ts":"2026-12-01T10:00:00Z"}""" },
        { "/api/v1/records", """{"kind":"fill","bot":"alpha","id":"f1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"1","ts":"yesterday"}""" },
        { "/api/v1/records", """{"kind":"spaceship","bot":"alpha"}""" },
        { "/api/v1/records", "[1, 2, 3]" },
        { "/api/v1/records", """{"kind":"fill","bot":"alpha","id":"f1","symbol":"BTC/USDT","side":"buy","price":"1","ts":"2026-12-01T10:00:00Z"}""" },
        { "/api/v1/bots/alpha/fills", """[{"id":"f1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-12-01T10:00:00Z"}, {"id":"f2","symbol":"BTC/USDT","side":"buy","qty":"1","price":"oops","ts":"2026-12-01T10:00:00Z"}]""" },
        { "/api/v1/bots/alpha/turns", """{"fills":[{"id":"f1"}]}""" },
        { "/api/v1/bots/alpha/decisions", """{"id":"d1","ts":"2026-12-01T10:00:00Z","decision":"hold","prompt_tokens":-5}""" },
        { "/api/v1/bots/alpha/cash-flows", """{"id":"c1","type":"bonus","amount":"1","currency":"USDT","ts":"2026-12-01T10:00:00Z"}""" },
        { "/api/v1/bots", """{"name":"beta","mode":"paper","fees":1}""" },
        { "/api/v1/bots", """{"name":"beta","mode":"yolo"}""" },
        { "/api/v1/bots", """{"name":"beta","mode":3}""" },
        { "/api/v1/bots", """{"name":"","mode":"paper"}""" },
        { "/api/v1/bots", "[]" },
        { "/api/v1/bots/alpha/heartbeat", """{"status":"ok","uptime":5}""" },

        // U+0000: SQLite would keep it, PostgreSQL cannot, so a store moved to PostgreSQL would fail on it.
        { "/api/v1/records", """{"kind":"fill","bot":"alpha","id":"f\u00001","symbol":"BTC/USDT","side":"buy","qty":"1","price":"1","ts":"2026-12-01T10:00:00Z"}""" },
        { "/api/v1/records", """{"kind":"decision","bot":"alpha","id":"d1","ts":"2026-12-01T10:00:00Z","decision":"hold\u0000"}""" },
        { "/api/v1/records", """{"kind":"setting","scope":"alpha","key":"k","value":{"note":["a\u0000b"]}}""" },
        { "/api/v1/bots", """{"name":"be\u0000ta","mode":"paper"}""" },
        { "/api/v1/bots/alpha/heartbeat", """{"status":"ok","version":"1.0\u0000"}""" },

        // An empty object: read as "no records", it answered 200 to a client that had sent an empty map by mistake.
        { "/api/v1/records", "{}" },
        { "/api/v1/bots/alpha/fills", "{}" },
        { "/api/v1/bots/alpha/snapshots", " { } " },

        // A key given twice: the typed bodies kept the last, where the records parser refuses it.
        { "/api/v1/bots", """{"name":"beta","mode":"paper","name":"gamma"}""" },
        { "/api/v1/bots/alpha/heartbeat", """{"status":"ok","status":"degraded"}""" },
    };

    [StorageTheory]
    [MemberData(nameof(Bodies))]
    public async Task bad_input_is_a_4xx_problem_and_writes_nothing(string path, string body)
    {
        await Server.AddBot("alpha");
        var before = Snapshot();

        var response = await Server.PostJson(path, body);

        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{path} {body}: {status} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, Snapshot());
    }

    public static TheoryData<string, string, string[]> TypedBodies => new()
    {
        { "/api/v1/bots", """{"name":"beta","mode":"papr"}""", ["'mode' must be one of live, paper, backtest, test", "line 1"] },
        { "/api/v1/bots", """{"name":"beta","mode":"paper","cost_method":"lifo"}""", ["'cost_method' must be one of average, fifo"] },
        { "/api/v1/bots", """{"name":5,"mode":"paper"}""", ["'name' must be text"] },
        { "/api/v1/bots", """{"name":"beta","mode":"paper","strategy":"ma"}""", ["'strategy' is not a field", "name, mode, cost_method, exchange, strategy_name, strategy_version, config"] },
        { "/api/v1/bots", """{"name":"beta","mode":"paper","name":"gamma"}""", ["'name' is given twice"] },
        { "/api/v1/bots", """{"name":"beta","mode":"paper","config":""", ["not valid JSON", "line 1"] },
        { "/api/v1/bots", "[]", ["must be a JSON object", "it takes name, mode"] },
        { "/api/v1/bots/alpha/heartbeat", """{"status":"ok","cpu":5}""", ["'cpu' is not a field", "status, version, host"] },
    };

    [StorageTheory]
    [MemberData(nameof(TypedBodies))]
    public async Task a_typed_body_that_cannot_be_read_names_the_field_and_what_it_takes_in_the_apis_words(string path, string body, string[] expected)
    {
        // System.Text.Json's own words named C# types ("could not be converted to Tradebook.Server.Api.BotInput.
        // Path: $.mode"), which a bot written in Python or Go never saw.
        await Server.AddBot("alpha");

        var detail = await Problems.Expect(await Server.PostJson(path, body), HttpStatusCode.BadRequest, "invalid_input");

        Assert.All(expected, e => Assert.Contains(e, detail, StringComparison.Ordinal));
        Assert.DoesNotContain("Tradebook.", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(".NET", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("$.", detail, StringComparison.Ordinal);
        Assert.EndsWith("nothing was written", detail, StringComparison.Ordinal);
    }

    [StorageTheory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    [InlineData("iso-8859-1")]
    [InlineData("\"utf-32\"")]
    public async Task a_body_in_another_declared_character_set_is_read_in_that_set(string charset)
    {
        // Read as UTF-8 regardless, a UTF-16 body failed with "'0x00' is an invalid start of a property name",
        // and a Latin-1 é was refused as invalid UTF-8.
        await Server.AddBot("alpha");
        var json = """[{"kind":"fill","bot":"alpha","id":"café-1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-12-01T10:00:00Z"}]""";
        using var content = new ByteArrayContent(System.Text.Encoding.GetEncoding(charset.Trim('"')).GetBytes(json));
        content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");

        var response = await Server.Http.PostAsync(new Uri("/api/v1/records", UriKind.Relative), content);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(1, Db.Count("fills", "WHERE external_id = 'café-1'"));
    }

    [StorageTheory]
    [InlineData("klingon")]
    [InlineData("\"x-no-such-set\"")]
    public async Task a_body_in_a_character_set_the_server_does_not_know_is_a_415_naming_it(string charset)
    {
        await Server.AddBot("alpha");
        var before = Snapshot();
        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(GoodRecords));
        content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");

        var detail = await Problems.Expect(await Server.Http.PostAsync(new Uri("/api/v1/records", UriKind.Relative), content), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");

        Assert.Contains(charset.Trim('"'), detail, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [StorageFact]
    public async Task a_body_that_is_not_valid_in_its_declared_character_set_is_a_400()
    {
        await Server.AddBot("alpha");
        var before = Snapshot();
        using var content = new ByteArrayContent([0x5B, 0x00, 0x5D]);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-16");

        await Problems.Expect(await Server.Http.PostAsync(new Uri("/api/v1/records", UriKind.Relative), content), HttpStatusCode.BadRequest, "invalid_input");

        Assert.Equal(before, Snapshot());
    }

    [StorageTheory]
    [InlineData("utf-8")]
    [InlineData("UTF8")]
    [InlineData("\"utf-8\"")]
    [InlineData("us-ascii")]
    public async Task a_body_declared_utf8_or_ascii_is_read(string charset)
    {
        await Server.AddBot("alpha");
        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(GoodRecords));
        content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");

        var response = await Server.Http.PostAsync(new Uri("/api/v1/records", UriKind.Relative), content);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(1, Db.Count("fills"));
    }

    [StorageFact]
    public async Task a_body_over_the_limit_is_a_413()
    {
        await using var small = await RunningServer.StartAsync(Db, RunningServer.Fast with { MaxBodyBytes = 64 * 1024 });
        await small.AddBot("alpha");
        var huge = "[" + string.Join(',', Enumerable.Repeat(GoodFill, (64 * 1024 / GoodFill.Length) + 10)) + "]";

        // The client waits for the server's go-ahead before it sends the body, as a well-behaved
        // client does, so the answer arrives before any of the body is written.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/bots/alpha/fills") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        var response = await small.Http.SendAsync(request);

        await Problems.Expect(response, HttpStatusCode.RequestEntityTooLarge, "body_too_large");
        Assert.Equal(0, Db.Count("fills"));
    }

    [StorageFact]
    public async Task a_body_that_is_not_utf8_is_refused()
    {
        await Server.AddBot("alpha");
        var bytes = Encoding.UTF8.GetBytes(GoodFill).Concat(new byte[] { 0xC3, 0x28 }).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await Server.Http.PostAsync(new Uri("/api/v1/bots/alpha/fills", UriKind.Relative), content);

        await Problems.Expect(response, HttpStatusCode.BadRequest, "invalid_input");
        Assert.Equal(0, Db.Count("fills"));
    }

    [StorageTheory]
    [InlineData("POST", "/api/v1/bots", "{\"name\": \"beta\", \"mode\": \"paper\", \"config\": {\"ri#sk\": 2}}")]
    [InlineData("PATCH", "/api/v1/bots/alpha", "{\"strategy_version\": \"3\", \"config\": {\"ri#sk\": 2}}")]
    [InlineData("PATCH", "/api/v1/bots/alpha", "{\"config\": [\"#\"]}")]
    public async Task a_configuration_holding_bytes_that_are_not_utf8_is_a_400_that_writes_nothing(string method, string path, string body)
    {
        // Found by ApiBodyFuzzTests: the configuration is kept as the JSON text it was sent as, and its
        // bytes were only decoded when stored, inside the write, where a byte that is not UTF-8 was a 500.
        await Server.AddBot("alpha");
        var before = Snapshot();
        var bytes = Encoding.UTF8.GetBytes(body);
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xE8;
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = content };

        var response = await Server.Http.SendAsync(request);

        var detail = await Problems.Expect(response, HttpStatusCode.BadRequest, "invalid_input");
        Assert.Contains("UTF-8", detail, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [StorageFact]
    public async Task a_nul_character_in_a_name_is_a_400_on_both_engines()
    {
        // Found by ApiBodyFuzzTests: PostgreSQL's text cannot hold U+0000, and its refusal was answered as a 503.
        // SQLite kept it, so a store moved to PostgreSQL would have failed on it: both engines now refuse it.
        var before = Snapshot();

        var response = await Server.PostJson("/api/v1/bots", "{\"name\": \"\\u0000x\", \"mode\": \"paper\"}");

        Assert.Contains("U+0000", await Problems.Expect(response, HttpStatusCode.BadRequest, "invalid_input"), StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [StorageFact]
    public async Task bad_query_values_are_400s_naming_the_value()
    {
        foreach (var path in new[] { "/api/v1/round-trips?cursor=garbage", "/api/v1/round-trips?limit=100000", "/api/v1/round-trips?mode=casino", "/api/v1/fills?from=02/03/2026", "/api/v1/pnl?by=week", "/api/v1/leaderboard", "/api/v1/events?kind=gossip" })
        {
            var response = await Server.Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    [StorageTheory]
    [InlineData("/api/v1/fills?limit=abc", "limit 'abc' is not a whole number")]
    [InlineData("/api/v1/round-trips?limit=1.5", "limit '1.5' is not a whole number")]
    [InlineData("/api/v1/bots?include_archived=maybe", "include_archived 'maybe' is not true or false")]
    public async Task a_query_value_of_the_wrong_type_is_a_400_in_the_words_of_the_api(string path, string expected)
    {
        // The framework's own words named the C# type ("Nullable<int> limit"), which a bot's author never wrote.
        var detail = await Problems.Expect(await Server.Http.GetAsync(new Uri(path, UriKind.Relative)), HttpStatusCode.BadRequest, "invalid_input");

        Assert.StartsWith(expected, detail, StringComparison.Ordinal);
    }

    [StorageTheory]
    [InlineData("abc")]
    [InlineData("-3")]
    [InlineData("12.5")]
    public async Task a_last_event_id_that_is_no_event_id_of_this_server_is_a_400_not_a_stream_from_now(string lastEventId)
    {
        // Taken for "from now", it would have dropped every event the client missed, without a word.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);

        using var response = await Server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Last-Event-ID '{lastEventId}' was answered {(int)response.StatusCode} {response.Content.Headers.ContentType}");
        var detail = await Problems.Expect(response, HttpStatusCode.BadRequest, "invalid_input");

        Assert.Contains($"'{lastEventId}'", detail, StringComparison.Ordinal);
    }

    [StorageTheory]
    [InlineData("POST", "/api/v1/bots/alpha/fills", "", "the request body is empty")]
    [InlineData("POST", "/api/v1/records", " \n ", "the request body is empty")]
    [InlineData("POST", "/api/v1/bots/alpha/turns", "", "the request body is empty")]
    [InlineData("POST", "/api/v1/bots", "", "POST /api/v1/bots needs a JSON body")]
    [InlineData("PATCH", "/api/v1/bots/alpha", "", "PATCH /api/v1/bots/alpha needs a JSON body")]
    public async Task a_write_sent_without_its_body_is_a_400_that_says_so_and_writes_nothing(string method, string path, string body, string expected)
    {
        // An empty body answered 200 "0 records" to a bot whose client forgot to attach it, and a typed endpoint
        // answered with the framework's own words ("Implicit body inferred for parameter").
        await Server.AddBot("alpha");
        var before = Snapshot();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };

        using var response = await Server.Http.SendAsync(request);
        var detail = await Problems.Expect(response, HttpStatusCode.BadRequest, "invalid_input");

        Assert.Contains(expected, detail, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [StorageFact]
    public async Task unknown_routes_and_records_are_404_problems()
    {
        await Problems.Expect(await Server.Http.GetAsync(new Uri("/api/v1/bots/ghost", UriKind.Relative)), HttpStatusCode.NotFound, "unknown_bot");
        await Problems.Expect(await Server.Http.GetAsync(new Uri("/api/v1/decisions/424242", UriKind.Relative)), HttpStatusCode.NotFound, "not_found");
        await Problems.Expect(await Server.Http.GetAsync(new Uri("/api/v1/round-trips/424242", UriKind.Relative)), HttpStatusCode.NotFound, "not_found");
        await Problems.Expect(await Server.Http.GetAsync(new Uri("/api/v1/no-such-thing", UriKind.Relative)), HttpStatusCode.NotFound, "not_found");
    }

    /// <summary>Text that does not compress, as a long id from a buggy client would be.</summary>
    private static string Noise(int length)
    {
        var random = new Random(7);
        return new string(Enumerable.Range(0, length).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray());
    }

    public static TheoryData<string, string> LongNames => new()
    {
        { "/api/v1/bots/alpha/fills", $$"""{"id":"{{Noise(3000)}}","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-12-01T10:00:00Z"}""" },
        { "/api/v1/bots/alpha/fills", $$"""{"id":"f1","symbol":"BTC/{{Noise(2996)}}","side":"buy","qty":"1","price":"100","ts":"2026-12-01T10:00:00Z"}""" },
        { "/api/v1/records", $$"""{"kind":"setting","scope":"alpha","key":"{{Noise(3000)}}","value":1}""" },
        { "/api/v1/bots", $$"""{"name":"{{Noise(3000)}}","mode":"paper"}""" },
        { "/api/v1/bots/alpha/heartbeat", $$"""{"status":"ok","host":"{{Noise(3000)}}"}""" },
    };

    [StorageTheory]
    [MemberData(nameof(LongNames))]
    public async Task a_name_or_key_longer_than_tradebook_keeps_is_refused_saying_the_limit(string path, string body)
    {
        // A 3,000-character key was stored on SQLite; PostgreSQL's index cannot hold it, so the same request failed
        // there, and a store moved from one to the other could not be.
        await Server.AddBot("alpha");
        var before = Snapshot();

        var detail = await Problems.Expect(await Server.PostJson(path, body), HttpStatusCode.BadRequest, "invalid_input");

        Assert.Contains("3000 characters", detail, StringComparison.Ordinal);
        Assert.Contains("at most 256", detail, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [StorageFact]
    public async Task problems_the_framework_answers_say_what_to_do()
    {
        var unknown = await Problems.Expect(await Server.Http.GetAsync(new Uri("/api/v1/no-such-thing", UriKind.Relative)), HttpStatusCode.NotFound, "not_found");
        Assert.Contains("GET /api/v1/no-such-thing", unknown, StringComparison.Ordinal);
        Assert.Contains("/openapi/v1.json", unknown, StringComparison.Ordinal);

        // A base URL that ends in "/" joined to a path that starts with one: the answer says so.
        var doubled = await Problems.Expect(await Server.Http.GetAsync(new Uri(Server.Http.BaseAddress!.GetLeftPart(UriPartial.Authority) + "//api/v1/bots")), HttpStatusCode.NotFound, "not_found");
        Assert.Contains("its path has an empty segment (//)", doubled, StringComparison.Ordinal);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, new Uri("/api/v1/bots", UriKind.Relative));
        var method = await Problems.Expect(await Server.Http.SendAsync(delete), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Contains("DELETE", method, StringComparison.Ordinal);
        Assert.Contains("GET, POST", method, StringComparison.Ordinal);

        // A bot's rows are written under the bot and read with the bot as a filter: the answer says where.
        var read = await Problems.Expect(await Server.Http.GetAsync(new Uri("/api/v1/bots/alpha/fills", UriKind.Relative)), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Contains("its rows are read with GET /api/v1/fills?bot=alpha", read, StringComparison.Ordinal);
        var snapshots = await Problems.Expect(await Server.Http.GetAsync(new Uri("/api/v1/bots/alpha/snapshots", UriKind.Relative)), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Contains("GET /api/v1/snapshots?bot=alpha", snapshots, StringComparison.Ordinal);

        var before = Snapshot();
        using var form = new StringContent("""{"name":"beta","mode":"paper"}""", Encoding.UTF8, "application/x-www-form-urlencoded");
        var media = await Problems.Expect(await Server.Http.PostAsync(new Uri("/api/v1/bots", UriKind.Relative), form), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Contains("application/x-www-form-urlencoded", media, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/json", media, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    private string Snapshot() =>
        string.Join(',', new[] { "bots", "fills", "orders", "decisions", "signals", "cash_flows", "equity_snapshots", "instruments", "bot_activity", "change_log" }.Select(t => $"{t}={Db.Count(t)}"));
}
