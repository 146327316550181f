using System.Text.Json;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

public sealed class SqliteApiContractTests() : ApiContractTests(StorageEngine.Sqlite);

public sealed class PostgresApiContractTests() : ApiContractTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>
/// Every answer of a server with a bot's whole life in it conforms to the schema the OpenAPI document gives for it: a
/// client generated from the document deserializes what the server really sends, errors included.
/// </summary>
public abstract class ApiContractTests(StorageEngine engine) : ServerTest(engine)
{
    [StorageFact]
    public async Task every_answer_conforms_to_the_schema_the_api_description_gives_for_it()
    {
        var schemas = new DescribedSchemas(await Server.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var problems = new List<string>();

        async Task<JsonElement> Check(string method, string template, HttpResponseMessage response, int status)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"{method} {template}: {(int)response.StatusCode} {body}");
            problems.AddRange(schemas.Problems(method, template, status, body).Select(p => $"{method} {template} {status}: {p}"));
            return JsonDocument.Parse(body).RootElement.Clone();
        }

        Task<JsonElement> Post(string template, string path, string json, int status = 200) =>
            Send(HttpMethod.Post, template, path, json, status);

        async Task<JsonElement> Send(HttpMethod method, string template, string path, string json, int status)
        {
            using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
            return await Check(method.Method, template, await Server.Http.SendAsync(request), status);
        }

        async Task<JsonElement> Get(string template, string path, int status = 200, bool decimalsAsText = false)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            if (decimalsAsText)
            {
                request.Headers.Add("Prefer", "decimals=string");
            }

            return await Check("GET", template, await Server.Http.SendAsync(request), status);
        }

        // A bot's life: added, a turn that opens a position, a fill that closes it, a price, a change of strategy, a pause.
        await Post("/api/v1/bots", "/api/v1/bots", """{"name":"alpha","mode":"paper","strategy_name":"ma-cross","strategy_version":"1.0","config":{"fast":10}}""", 201);
        await Post("/api/v1/bots/{bot}/turns", "/api/v1/bots/alpha/turns", """
            {
              "signals": [{"id": "s1", "ts": "2026-12-01T09:59:00Z", "signal": "cross_up", "symbol": "BTC/USDT", "strength": "0.8"}],
              "decision": {"id": "d1", "ts": "2026-12-01T09:59:30Z", "decision": {"action": "buy"}, "inputs": "BTC crossed its 50-hour average",
                           "signal_ids": ["s1"], "model": "m-1", "provider": "local", "prompt_tokens": 812, "response_tokens": 64, "latency_ms": 950, "cost": "0.0042"},
              "orders": [{"id": "o1", "symbol": "BTC/USDT", "side": "buy", "qty": "0.1", "price": "60000", "ts": "2026-12-01T10:00:00Z", "decision_id": "d1", "status": "filled"}],
              "fills": [{"id": "f1", "symbol": "BTC/USDT", "side": "buy", "qty": "0.1", "price": "60000", "fee": "6", "fee_currency": "USDT", "ts": "2026-12-01T10:00:00Z", "order_id": "o1"}],
              "snapshot": {"ts": "2026-12-01T10:00:00Z", "equity": "10000", "currency": "USDT"},
              "cash_flows": [{"id": "c1", "ts": "2026-12-01T10:00:00Z", "type": "deposit", "amount": "1000", "currency": "USDT"}]
            }
            """);
        await Post("/api/v1/bots/{bot}/fills", "/api/v1/bots/alpha/fills", """{"id":"f2","symbol":"BTC/USDT","side":"sell","qty":"0.1","price":"61000","fee":"6.1","ts":"2026-12-01T12:00:00Z"}""");
        await Post("/api/v1/bots/{bot}/snapshots", "/api/v1/bots/alpha/snapshots", """{"ts":"2026-12-01T12:00:00Z","equity":"10088","currency":"USDT"}""");
        await Post("/api/v1/records", "/api/v1/records", """{"kind":"price_bar","symbol":"BTC/USDT","interval":"1h","ts":"2026-12-01T12:00:00Z","open":"61000","high":"61500","low":"60800","close":"61200","volume":"12.5"}""");
        await Send(HttpMethod.Patch, "/api/v1/bots/{bot}", "/api/v1/bots/alpha", """{"strategy_version":"1.1"}""", 200);
        await Post("/api/v1/bots/{bot}/pause", "/api/v1/bots/alpha/pause", string.Empty);
        await Post("/api/v1/bots/{bot}/resume", "/api/v1/bots/alpha/resume", string.Empty);

        // Every read of it, amounts as numbers and as text.
        foreach (var asText in new[] { false, true })
        {
            await Get("/api/v1/bots", "/api/v1/bots", decimalsAsText: asText);
            await Get("/api/v1/bots/{bot}", "/api/v1/bots/alpha", decimalsAsText: asText);
            var trips = await Get("/api/v1/round-trips", "/api/v1/round-trips?bot=alpha", decimalsAsText: asText);
            await Get("/api/v1/round-trips/{id}", $"/api/v1/round-trips/{trips.GetProperty("items")[0].GetProperty("id").GetInt64()}", decimalsAsText: asText);
            await Get("/api/v1/fills", "/api/v1/fills?bot=alpha", decimalsAsText: asText);
            await Get("/api/v1/orders", "/api/v1/orders?bot=alpha", decimalsAsText: asText);
            await Get("/api/v1/signals", "/api/v1/signals?bot=alpha", decimalsAsText: asText);
            await Get("/api/v1/cash-flows", "/api/v1/cash-flows?bot=alpha", decimalsAsText: asText);
            await Get("/api/v1/snapshots", "/api/v1/snapshots?bot=alpha", decimalsAsText: asText);
            var decisions = await Get("/api/v1/decisions", "/api/v1/decisions?bot=alpha", decimalsAsText: asText);
            await Get("/api/v1/decisions/{id}", $"/api/v1/decisions/{decisions.GetProperty("items")[0].GetProperty("id").GetInt64()}", decimalsAsText: asText);
            foreach (var by in new[] { "product", "bot", "day" })
            {
                await Get("/api/v1/pnl", $"/api/v1/pnl?by={by}", decimalsAsText: asText);
            }

            await Get("/api/v1/positions", "/api/v1/positions", decimalsAsText: asText);
            await Get("/api/v1/bots/{bot}/equity", "/api/v1/bots/alpha/equity?interval=1h", decimalsAsText: asText);
            await Get("/api/v1/bots/{bot}/metrics", "/api/v1/bots/alpha/metrics", decimalsAsText: asText);
            await Get("/api/v1/leaderboard", "/api/v1/leaderboard?mode=paper", decimalsAsText: asText);
        }

        await Get("/api/v1/status", "/api/v1/status");

        // Refusals: problem details as described.
        await Get("/api/v1/bots/{bot}", "/api/v1/bots/nobody", 404);
        await Get("/api/v1/fills", "/api/v1/fills?limit=0", 400);
        await Post("/api/v1/bots/{bot}/fills", "/api/v1/bots/alpha/fills", """{"id":"f2","symbol":"BTC/USDT","side":"sell","qty":"0.2","price":"61000","ts":"2026-12-01T12:00:00Z"}""", 409);
        await Post("/api/v1/bots/{bot}/archive", "/api/v1/bots/alpha/archive", string.Empty);
        using (var delete = await Server.Http.DeleteAsync(new Uri("/api/v1/bots/alpha", UriKind.Relative)))
        {
            await Check("DELETE", "/api/v1/bots/{bot}", delete, 200);
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
