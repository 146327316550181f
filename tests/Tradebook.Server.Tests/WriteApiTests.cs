using System.Net;
using System.Text.Json;
using Dapper;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

public sealed class SqliteWriteApiTests() : WriteApiTests(StorageEngine.Sqlite);

public sealed class PostgresWriteApiTests() : WriteApiTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>Bots write through the API exactly what `tradebook record` accepts, idempotently, in one transaction per request.</summary>
public abstract class WriteApiTests(StorageEngine engine) : ServerTest(engine)
{
    private const string Fill = """{"kind":"fill","bot":"alpha","id":"f1","symbol":"BTC/USDT","side":"buy","qty":"0.5","price":"60000","fee":"3","ts":"2026-12-01T10:00:00Z"}""";

    [StorageFact]
    public async Task a_bot_whose_name_holds_a_slash_or_a_percent_sign_is_reached_at_its_encoded_path()
    {
        // Bots imported from other tools keep their names ("desk/alpha"). The server decoded every escape of a
        // path but %2F, so such a bot answered 404 at the address a browser's encodeURIComponent makes of it.
        foreach (var name in new[] { "desk/alpha", "50%/day" })
        {
            await Server.AddBot(name);
            var path = $"/api/v1/bots/{Uri.EscapeDataString(name)}";

            var fills = await Server.PostJson($"{path}/fills", """{"id":"f1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-12-01T10:00:00Z"}""");
            var bot = await Server.GetJson(path);
            var metrics = await Server.GetJson($"{path}/metrics");

            Assert.True(fills.IsSuccessStatusCode, await fills.Content.ReadAsStringAsync());
            Assert.Equal(name, bot.GetProperty("name").GetString());
            Assert.Equal(name, metrics.GetProperty("bot").GetString());
        }

        Assert.Equal(2, Db.Count("fills"));
    }

    [StorageFact]
    public async Task a_fill_posted_twice_is_recorded_once_and_the_answer_says_which()
    {
        await Server.AddBot("alpha");

        var first = await Server.PostJson("/api/v1/records", Fill);
        var again = await Server.PostJson("/api/v1/records", Fill);

        var firstBody = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        var againBody = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1, firstBody.GetProperty("kinds").GetProperty("fills").GetProperty("inserted").GetInt32());
        Assert.Equal(0, againBody.GetProperty("kinds").GetProperty("fills").GetProperty("inserted").GetInt32());
        Assert.Equal(1, againBody.GetProperty("kinds").GetProperty("fills").GetProperty("existing").GetInt32());
        Assert.Equal(1, Db.Count("fills"));
    }

    [StorageFact]
    public async Task the_answer_names_each_row_by_its_key_with_its_stored_id_and_what_became_of_it()
    {
        await Server.AddBot("alpha");
        await Server.PostJson("/api/v1/records", Fill);
        var turn = """
            {
              "decision": {"id": "d1", "ts": "2026-12-01T10:59:00Z", "decision": {"action": "buy"}},
              "orders": [{"id": "o1", "symbol": "BTC/USDT", "side": "buy", "qty": "0.1", "ts": "2026-12-01T11:00:00Z", "decision_id": "d1", "status": "new"}],
              "fills": [{"id": "f1", "symbol": "BTC/USDT", "side": "buy", "qty": "0.5", "price": "60000", "fee": "3", "ts": "2026-12-01T10:00:00Z"},
                        {"id": "f2", "symbol": "BTC/USDT", "side": "buy", "qty": "0.1", "price": "60100", "ts": "2026-12-01T11:00:00Z", "order_id": "o1"}]
            }
            """;
        var filled = """{"kind": "order", "bot": "alpha", "id": "o1", "symbol": "BTC/USDT", "side": "buy", "qty": "0.1", "ts": "2026-12-01T11:00:00Z", "decision_id": "d1", "status": "filled"}""";

        var body = JsonDocument.Parse(await (await Server.PostJson("/api/v1/bots/alpha/turns", turn)).Content.ReadAsStringAsync()).RootElement;
        var update = JsonDocument.Parse(await (await Server.PostJson("/api/v1/records", filled)).Content.ReadAsStringAsync()).RootElement;

        var fills = Rows(body, "fills");
        Assert.Equal([("f1", "existing"), ("f2", "inserted")], fills.Select(r => (r.Key, r.Outcome)));
        Assert.Equal(StoredId("fills", "external_id", "f1"), fills[0].Id);
        Assert.Equal(StoredId("fills", "external_id", "f2"), fills[1].Id);
        Assert.Equal([("d1", StoredId("decisions", "external_id", "d1"), "inserted")], Rows(body, "decisions"));
        Assert.Equal([("o1", StoredId("orders", "client_order_id", "o1"), "updated")], Rows(update, "orders"));
    }

    private static List<(string Key, long Id, string Outcome)> Rows(JsonElement answer, string kind) =>
        answer.GetProperty("kinds").GetProperty(kind).GetProperty("rows").EnumerateArray()
            .Select(r => (r.GetProperty("key").GetString()!, r.GetProperty("id").GetInt64(), r.GetProperty("outcome").GetString()!))
            .ToList();

    private long StoredId(string table, string keyColumn, string key) =>
        Db.Query(c => Convert.ToInt64(c.ExecuteScalar($"SELECT id FROM {table} WHERE {keyColumn} = '{key}'"), System.Globalization.CultureInfo.InvariantCulture));

    [StorageFact]
    public async Task json_lines_arrays_and_objects_of_arrays_are_all_accepted()
    {
        await Server.AddBot("alpha");
        var lines = string.Join('\n', Enumerable.Range(1, 3).Select(i => Fill.Replace("\"f1\"", $"\"l{i}\"", StringComparison.Ordinal)));
        var array = "[" + Fill.Replace("\"f1\"", "\"a1\"", StringComparison.Ordinal) + "]";
        var grouped = """{"fills":[""" + Fill.Replace("\"f1\"", "\"g1\"", StringComparison.Ordinal) + "]}";

        Assert.Equal(HttpStatusCode.OK, (await Server.PostJson("/api/v1/records", lines, "application/x-ndjson")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Server.PostJson("/api/v1/records", array)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Server.PostJson("/api/v1/records", grouped)).StatusCode);

        Assert.Equal(5, Db.Count("fills"));
    }

    [StorageFact]
    public async Task a_bot_turn_is_one_transaction_that_links_the_decision_to_its_orders_and_fills()
    {
        await Server.AddBot("alpha");
        var turn = """
            {
              "signals": [{"id": "s1", "ts": "2026-12-01T09:59:00Z", "signal": "cross_up", "symbol": "BTC/USDT"}],
              "decision": {"id": "d1", "ts": "2026-12-01T09:59:30Z", "decision": {"action": "buy"}, "inputs": "BTC crossed its 50-hour average",
                           "signal_ids": ["s1"], "model": "m-1", "provider": "local", "prompt_tokens": 812, "response_tokens": 64, "latency_ms": 950, "cost": "0.0042"},
              "orders": [{"id": "o1", "symbol": "BTC/USDT", "side": "buy", "qty": "0.1", "ts": "2026-12-01T10:00:00Z", "decision_id": "d1", "status": "filled"}],
              "fills": [{"id": "f1", "symbol": "BTC/USDT", "side": "buy", "qty": "0.1", "price": "60000", "ts": "2026-12-01T10:00:00Z", "order_id": "o1"}],
              "snapshot": {"ts": "2026-12-01T10:00:00Z", "equity": "10000", "currency": "USDT"}
            }
            """;

        var response = await Server.PostJson("/api/v1/bots/alpha/turns", turn);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var decisions = await Server.GetJson("/api/v1/decisions?bot=alpha");
        var decision = decisions.GetProperty("items")[0];
        Assert.Equal("m-1", decision.GetProperty("model").GetString());
        Assert.Equal(812, decision.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(0.0042m, decision.GetProperty("cost").GetDecimal());
        var trace = await Server.GetJson($"/api/v1/decisions/{decision.GetProperty("id").GetInt64()}");
        Assert.Equal("s1", trace.GetProperty("signals")[0].GetProperty("external_id").GetString());
        Assert.Equal("o1", trace.GetProperty("orders")[0].GetProperty("client_order_id").GetString());
        Assert.Equal("f1", trace.GetProperty("fills")[0].GetProperty("external_id").GetString());
    }

    [StorageFact]
    public async Task a_turn_with_one_bad_record_writes_nothing_of_it()
    {
        await Server.AddBot("alpha");
        var turn = """
            {
              "orders": [{"id": "o1", "symbol": "BTC/USDT", "side": "buy", "qty": "0.1", "ts": "2026-12-01T10:00:00Z"}],
              "fills": [{"id": "f1", "symbol": "BTC/USDT", "side": "buy", "qty": "0.1", "price": "60000", "ts": "2026-12-01T10:00:00Z", "order_id": "not-recorded"}]
            }
            """;

        var response = await Server.PostJson("/api/v1/bots/alpha/turns", turn);

        await Problems.Expect(response, HttpStatusCode.BadRequest, "unknown_order");
        Assert.Equal(0, Db.Count("orders"));
        Assert.Equal(0, Db.Count("fills"));
    }

    [StorageFact]
    public async Task the_same_key_with_other_values_is_a_409_naming_the_key_and_each_differing_field()
    {
        await Server.AddBot("alpha");
        await Server.PostJson("/api/v1/records", Fill);

        var changed = Fill.Replace("\"0.5\"", "\"0.7\"", StringComparison.Ordinal).Replace("\"3\"", "\"4\"", StringComparison.Ordinal);
        var detail = await Problems.Expect(await Server.PostJson("/api/v1/records", changed), HttpStatusCode.Conflict, "conflict");

        Assert.Contains("'f1'", detail, StringComparison.Ordinal);
        Assert.Contains("qty", detail, StringComparison.Ordinal);
        Assert.Contains("fee", detail, StringComparison.Ordinal);
        Assert.Equal(0.5m, Db.Query(c => Dapper.SqlMapper.ExecuteScalar<decimal>(c, "SELECT quantity FROM fills")));
    }

    [StorageFact]
    public async Task a_record_for_a_bot_that_does_not_exist_is_a_404_and_writes_nothing()
    {
        var response = await Server.PostJson("/api/v1/bots/ghost/fills", """{"id":"f1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"1","ts":"2026-12-01T10:00:00Z"}""");

        await Problems.Expect(response, HttpStatusCode.NotFound, "unknown_bot");
        Assert.Equal(0, Db.Count("fills"));
        Assert.Equal(0, Db.Count("instruments"));
    }

    [StorageFact]
    public async Task an_unknown_bot_is_a_404_that_names_the_api_call_adding_it_and_no_cli_command()
    {
        var response = await Server.PostJson("/api/v1/records", Fill);

        var detail = await Problems.Expect(response, HttpStatusCode.NotFound, "unknown_bot");
        Assert.Contains("unknown bot 'alpha'", detail, StringComparison.Ordinal);
        Assert.Contains("POST /api/v1/bots", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("tradebook bots add", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("--mode", detail, StringComparison.Ordinal);
    }

    [StorageFact]
    public async Task a_record_that_names_another_bot_than_its_path_is_refused()
    {
        await Server.AddBot("alpha");
        await Server.AddBot("beta");

        var response = await Server.PostJson("/api/v1/bots/alpha/fills", """{"bot":"beta","id":"f1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"1","ts":"2026-12-01T10:00:00Z"}""");

        var detail = await Problems.Expect(response, HttpStatusCode.BadRequest, "invalid_input");
        Assert.Contains("beta", detail, StringComparison.Ordinal);
        Assert.Equal(0, Db.Count("fills"));
    }

    [StorageFact]
    public async Task adding_a_bot_again_is_200_and_with_another_mode_is_409()
    {
        var first = await Server.PostJson("/api/v1/bots", """{"name":"alpha","mode":"paper"}""");
        var same = await Server.PostJson("/api/v1/bots", """{"name":"alpha","mode":"paper"}""");
        var other = await Server.PostJson("/api/v1/bots", """{"name":"alpha","mode":"live"}""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        await Problems.Expect(other, HttpStatusCode.Conflict, "conflict");
        Assert.Equal(1, Db.Count("bots"));
    }

    [StorageFact]
    public async Task pause_resume_archive_and_heartbeat_change_what_the_bot_list_shows()
    {
        await Server.AddBot("alpha");
        await Server.AddBot("beta");

        Assert.Equal(HttpStatusCode.NoContent, (await Server.PostJson("/api/v1/bots/alpha/heartbeat", """{"status":"trading","version":"1.4.2","host":"box-1"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Server.PostJson("/api/v1/bots/beta/pause", "")).StatusCode);
        var alpha = await Server.GetJson("/api/v1/bots/alpha");
        var beta = await Server.GetJson("/api/v1/bots/beta");
        Assert.Equal("running", alpha.GetProperty("status").GetString());
        Assert.Equal("1.4.2", alpha.GetProperty("version").GetString());
        Assert.Equal("box-1", alpha.GetProperty("host").GetString());
        Assert.Equal("paused", beta.GetProperty("status").GetString());

        await Server.PostJson("/api/v1/bots/beta/resume", "");
        Assert.Equal("running", (await Server.GetJson("/api/v1/bots/beta")).GetProperty("status").GetString());

        await Server.PostJson("/api/v1/bots/beta/archive", "");
        var listed = (await Server.GetJson("/api/v1/bots")).GetProperty("bots").EnumerateArray().Select(b => b.GetProperty("name").GetString()).ToList();
        var all = (await Server.GetJson("/api/v1/bots?include_archived=true")).GetProperty("bots").EnumerateArray().Select(b => b.GetProperty("name").GetString()).ToList();
        Assert.Equal(["alpha"], listed);
        Assert.Equal(["alpha", "beta"], all);

        // Archived by mistake: resuming brings the bot back, running and listed; before, it answered 200 and stayed archived.
        var resumed = await Server.PostJson("/api/v1/bots/beta/resume", "");
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal("running", JsonDocument.Parse(await resumed.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Equal(["alpha", "beta"], (await Server.GetJson("/api/v1/bots")).GetProperty("bots").EnumerateArray().Select(b => b.GetProperty("name").GetString()).ToList());
    }

    [StorageFact]
    public async Task an_archived_bot_is_deleted_with_its_rows_and_a_running_one_is_refused_saying_what_it_holds()
    {
        await Server.AddBot("alpha");
        await Server.AddBot("beta");
        foreach (var bot in new[] { "alpha", "beta" })
        {
            var turn = $$"""{"fills":[{"id":"{{bot}}-1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-01-01T00:00:00Z"},{"id":"{{bot}}-2","symbol":"BTC/USDT","side":"sell","qty":"1","price":"110","ts":"2026-01-01T00:01:00Z"}]}""";
            Assert.Equal(HttpStatusCode.OK, (await Server.PostJson($"/api/v1/bots/{bot}/turns", turn)).StatusCode);
        }

        var betaBefore = (await Server.GetJson("/api/v1/bots/beta")).GetRawText();

        var running = await Server.Http.DeleteAsync(new Uri("/api/v1/bots/alpha", UriKind.Relative));
        var unknown = await Server.Http.DeleteAsync(new Uri("/api/v1/bots/gamma", UriKind.Relative));
        var refusal = await Problems.Expect(running, HttpStatusCode.Conflict, "conflict");
        Assert.Contains("2 fills", refusal, StringComparison.Ordinal);
        Assert.Contains("POST /api/v1/bots/alpha/archive", refusal, StringComparison.Ordinal);
        await Problems.Expect(unknown, HttpStatusCode.NotFound, "unknown_bot");
        Assert.Equal(4L, Db.Query(c => Dapper.SqlMapper.ExecuteScalar<long>(c, "SELECT count(*) FROM fills")));

        await Server.PostJson("/api/v1/bots/alpha/archive", "");
        var deleted = await Server.Http.DeleteAsync(new Uri("/api/v1/bots/alpha", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var answer = JsonDocument.Parse(await deleted.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("alpha", answer.GetProperty("bot").GetString());
        Assert.Equal(2, answer.GetProperty("rows").GetProperty("fills").GetInt64());
        if (Engine == StorageEngine.Sqlite)
        {
            Assert.True(File.Exists(answer.GetProperty("backup").GetString()));
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, answer.GetProperty("backup").ValueKind);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync(new Uri("/api/v1/bots/alpha", UriKind.Relative))).StatusCode);
        Assert.Equal(2L, Db.Query(c => Dapper.SqlMapper.ExecuteScalar<long>(c, "SELECT count(*) FROM fills")));
        Assert.Equal(betaBefore, (await Server.GetJson("/api/v1/bots/beta")).GetRawText());

        // A bot of the same name added again is a new bot: the writer keeps nothing of the deleted one.
        await Server.AddBot("alpha");
        var again = """{"fills":[{"id":"alpha-1","symbol":"BTC/USDT","side":"buy","qty":"2","price":"50","ts":"2026-02-01T00:00:00Z"}]}""";
        var recorded = await Server.PostJson("/api/v1/bots/alpha/turns", again);
        Assert.True(recorded.IsSuccessStatusCode, await recorded.Content.ReadAsStringAsync());
        Assert.Contains("\"inserted\":1", await recorded.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [StorageFact]
    public async Task a_patch_records_a_new_strategy_version()
    {
        await Server.PostJson("/api/v1/bots", """{"name":"alpha","mode":"paper","strategy_version":"1"}""");

        using var request = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/bots/alpha") { Content = new StringContent("""{"strategy_version":"2","config":{"fast":12}}""", System.Text.Encoding.UTF8, "application/json") };
        var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", (await Server.GetJson("/api/v1/bots/alpha")).GetProperty("strategy_version").GetString());
        Assert.Equal("""{"fast":12}""", Db.Query(c => Dapper.SqlMapper.ExecuteScalar<string>(c, "SELECT config FROM bots")));
    }

    [StorageFact]
    public async Task a_turn_in_which_nothing_happened_is_an_empty_object_and_records_nothing()
    {
        await Server.AddBot("alpha");

        var response = await Server.PostJson("/api/v1/bots/alpha/turns", "{}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("records").GetInt32());
    }
}
