using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Tradebook.Cli.Tests.Fuzz;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Health;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests.Fuzz;

public sealed class SqliteApiBodyFuzzTests() : ApiBodyFuzzTests(StorageEngine.Sqlite);

public sealed class PostgresApiBodyFuzzTests() : ApiBodyFuzzTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>
/// Generated bodies, valid and mutated, for every endpoint a bot writes through: each answer is a 2xx, or a
/// 4xx problem document with a <c>code</c> that wrote nothing; never a 5xx. Afterwards the derived rows are
/// what a replay of the fills makes of them.
/// </summary>
public abstract class ApiBodyFuzzTests(StorageEngine engine) : ServerTest(engine)
{
    private static readonly string[] Tables =
        ["bots", "fills", "orders", "decisions", "signals", "cash_flows", "equity_snapshots", "price_bars", "fx_rates", "settings", "instruments", "positions", "product_rollups", "daily_rollups", "bot_activity", "change_log"];

    private static readonly string[] BodyKeys =
        ["name", "mode", "cost_method", "exchange", "strategy_name", "strategy_version", "config", "status", "version", "host", .. RecordDocuments.Keys];

    // Mostly the bot that exists; also one that does not, and names a route must survive. Not %00: Kestrel
    // refuses a NUL in the path itself (400, no body) before any of Tradebook's code sees the request.
    private static readonly Gen<string> BotInPath = Gen.Frequency(
        (8, Gen.Constant("alpha")),
        (1, Gen.Elements("ghost", "%01", "a%2Fb", "%F0%9F%A4%96", "%FF", new string('x', 300), "..", "%20")));

    private static readonly Gen<string> BotBody =
        from name in Gen.Elements("beta", "gamma", "alpha", "delta bot", "ünïcode")
        from mode in Gen.Elements("paper", "live", "backtest", "test")
        from cost in Gen.Elements("", ", \"cost_method\": \"fifo\"", ", \"cost_method\": \"average\"")
        from strategy in Gen.Elements("", ", \"strategy_name\": \"grid\", \"strategy_version\": \"1.0\"")
        from config in Gen.Elements("", ", \"config\": {\"risk\": 1}", ", \"config\": [1, 2]")
        select $$"""{"name": "{{name}}", "mode": "{{mode}}", "exchange": "binance"{{cost}}{{strategy}}{{config}}}""";

    private static readonly Gen<string> PatchBody =
        from version in Gen.Elements("", "\"strategy_version\": \"2.1\"", "\"strategy_version\": \"3\"")
        from config in Gen.Elements("", "\"config\": {\"risk\": 2}", "\"config\": null")
        select "{" + string.Join(", ", new[] { version, config }.Where(p => p.Length > 0)) + "}";

    private static readonly Gen<string> HeartbeatBody =
        from status in Gen.Elements("ok", "degraded", "starting")
        from host in Gen.Elements("", ", \"host\": \"box-1\"")
        select $$"""{"status": "{{status}}", "version": "1.2.3"{{host}}}""";

    // A bot's fills and turns name the bot in the route; the records keep no "bot" of their own.
    private static readonly Gen<string> BotRecords = RecordDocuments.Valid.Select(d => d.Replace("\"bot\": \"alpha\", ", string.Empty, StringComparison.Ordinal));

    private static readonly Gen<(HttpMethod Method, string Path, string Body)> Requests = Gen.OneOf(
        RecordDocuments.Valid.Select(b => (HttpMethod.Post, "/api/v1/records", b)),
        from bot in BotInPath from body in BotRecords select (HttpMethod.Post, $"/api/v1/bots/{bot}/turns", body),
        from bot in BotInPath from body in BotRecords select (HttpMethod.Post, $"/api/v1/bots/{bot}/fills", body),
        BotBody.Select(b => (HttpMethod.Post, "/api/v1/bots", b)),
        from bot in BotInPath from body in PatchBody select (HttpMethod.Patch, $"/api/v1/bots/{bot}", body),
        from bot in BotInPath from body in HeartbeatBody select (HttpMethod.Post, $"/api/v1/bots/{bot}/heartbeat", body));

    private static readonly Gen<(HttpMethod Method, string Path, byte[] Body, Mutation Mutation, string ContentType)> Cases =
        from request in Requests
        from mutation in Mutation.Generator(BodyKeys)
        from contentType in Gen.Frequency((9, Gen.Constant("application/json")), (1, Gen.Elements("text/plain", "application/x-ndjson", "application/json; charset=latin1")))
        select (request.Method, request.Path, mutation.Apply(Encoding.UTF8.GetBytes(request.Body)), mutation, contentType);

    [StorageFact]
    public async Task every_generated_body_is_answered_with_a_2xx_or_a_4xx_problem_that_wrote_nothing()
    {
        await Server.AddBot("alpha");
        var statuses = new Dictionary<int, int>();

        Prop.ForAll(Cases.ToArbitrary(), request =>
        {
            // FsCheck runs properties synchronously; the request itself crosses a real socket.
            var status = Task.Run(() => Send(request.Method, request.Path, request.Body, request.Mutation, request.ContentType)).GetAwaiter().GetResult();
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
        }).Check(FuzzRuns.Cases(250));

        Assert.Contains(statuses.Keys, s => s is >= 200 and < 300);
        Assert.Contains(400, statuses.Keys);
        var differences = LedgerAudit.Verify(Db.Database, Db.Clock).Differences;
        Assert.True(differences.Count == 0, string.Join("; ", differences.Take(5)));
    }

    private async Task<int> Send(HttpMethod method, string path, byte[] body, Mutation mutation, string contentType)
    {
        var name = $"{method} {path} ({mutation}, {contentType}): {Encoding.UTF8.GetString(body)}";
        var before = Snapshot();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        using var response = await Server.Http.SendAsync(request);
        var status = (int)response.StatusCode;
        var answer = await response.Content.ReadAsStringAsync();

        Assert.True(status is >= 200 and < 500, $"{name}\n→ {status} {answer}");
        if (status >= 400)
        {
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{name}\n→ {status} {response.Content.Headers.ContentType} {answer}");
            using var problem = JsonDocument.Parse(answer);
            Assert.True(problem.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String, $"{name}\n→ {status} {answer}");
            Assert.True(before == Snapshot(), $"{name}\n→ {status} {answer}: a refused body changed the database");
        }

        return status;
    }

    private string Snapshot() => string.Join(',', Tables.Select(t => $"{t}={Db.Count(t)}"));
}
