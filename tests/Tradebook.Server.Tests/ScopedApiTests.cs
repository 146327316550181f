using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tradebook.Core.Domain;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Access;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

public sealed class SqliteScopedApiTests() : ScopedApiTests(StorageEngine.Sqlite);

public sealed class PostgresScopedApiTests() : ScopedApiTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>
/// Every endpoint takes the caller's scope from the request, and Storage applies it. Tradebook has no
/// users yet, so these tests give the server what authentication will: a scope per request, here from a
/// header. A user writes and reads only that user's bots; another user's bot answers as a missing one.
/// </summary>
public abstract class ScopedApiTests(StorageEngine engine) : IAsyncLifetime
{
    private const string UserHeader = "X-Test-User";
    private const string Fill = """{"id":"f9","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-12-01T10:00:00Z"}""";

    private TestDatabase _db = null!;
    private RunningServer _server = null!;

    public async Task InitializeAsync()
    {
        _db = engine.CreateDatabase().Migrated();
        var ledger = _db.Ledger();
        ledger.AddBot(new BotSpec("ann-bot", BotMode.Paper, User: "ann"));
        ledger.AddBot(new BotSpec("bob-bot", BotMode.Paper, User: "bob"));
        _server = await RunningServer.StartAsync(_db, configure: builder =>
        {
            builder.Services.AddHttpContextAccessor();
            builder.Services.AddScoped(provider =>
                new CallerScope(provider.GetRequiredService<IHttpContextAccessor>().HttpContext?.Request.Headers[UserHeader].FirstOrDefault()));
        });
        _server.Http.DefaultRequestHeaders.Add(UserHeader, "ann");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _db.Dispose();
    }

    [StorageFact]
    public async Task a_user_writes_to_their_own_bots_and_every_write_to_another_users_bot_is_a_404_that_writes_nothing()
    {
        var own = await _server.PostJson("/api/v1/bots/ann-bot/fills", Fill);
        var refused = new List<HttpResponseMessage>
        {
            await _server.PostJson("/api/v1/bots/bob-bot/fills", Fill),
            await _server.PostJson("/api/v1/bots/bob-bot/turns", $$"""{"fills":[{{Fill}}]}"""),
            await _server.PostJson("/api/v1/records", """{"kind":"fill","bot":"bob-bot","id":"f9","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-12-01T10:00:00Z"}"""),
            await _server.PostJson("/api/v1/records", """{"kind":"setting","scope":"bob-bot","key":"risk","value":"high"}"""),
            await _server.PostJson("/api/v1/bots/bob-bot/pause", "{}"),
            await _server.PostJson("/api/v1/bots/bob-bot/archive", "{}"),
            await _server.PostJson("/api/v1/bots/bob-bot/heartbeat", """{"status":"ok"}"""),
            await _server.Http.PatchAsync(new Uri("/api/v1/bots/bob-bot", UriKind.Relative), new StringContent("""{"strategy_version":"v2"}""", System.Text.Encoding.UTF8, "application/json")),
        };

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        foreach (var response in refused)
        {
            await Problems.Expect(response, HttpStatusCode.NotFound, "unknown_bot");
        }

        Assert.Equal(1, _db.Count("fills"));
        Assert.Equal(0, _db.Count("settings"));
        Assert.Equal(0, _db.Count("bot_activity", "WHERE bot_id = (SELECT id FROM bots WHERE name = 'bob-bot') AND last_heartbeat_at IS NOT NULL"));
        Assert.Equal(0, _db.Count("bots", "WHERE paused_at IS NOT NULL OR archived_at IS NOT NULL OR strategy_version IS NOT NULL"));
    }

    [StorageFact]
    public async Task a_user_reads_only_their_own_bots_and_cannot_take_another_users_bot_name()
    {
        var list = await _server.GetJson("/api/v1/bots");
        using var other = await _server.Http.GetAsync(new Uri("/api/v1/bots/bob-bot", UriKind.Relative));
        using var taken = await _server.PostJson("/api/v1/bots", """{"name":"bob-bot","mode":"paper"}""");

        Assert.Equal(["ann-bot"], list.GetProperty("bots").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        await Problems.Expect(other, HttpStatusCode.NotFound, "unknown_bot");
        await Problems.Expect(taken, HttpStatusCode.Conflict, "conflict");
        Assert.Equal(2, _db.Count("bots"));
    }

    [StorageFact]
    public async Task a_users_event_stream_carries_their_own_bots_events_and_not_another_users()
    {
        await using var events = await EventStream.OpenAsync(_server.Http);

        _db.Ledger().Record(new LedgerBatch { Fills = [new FillRecord("bob-bot", "b1", "BTC/USDT", Side.Buy, 1m, 100m, 0m, null, DateTimeOffset.UtcNow)] });
        await _server.PostJson("/api/v1/bots/ann-bot/fills", Fill);
        await events.WaitFor(e => e.Type == "fill" && e.Data.GetProperty("bot").GetString() == "ann-bot", TimeSpan.FromSeconds(10));

        Assert.DoesNotContain(events.Received, e => e.Data.TryGetProperty("bot", out var bot) && bot.GetString() == "bob-bot");
    }
}
