using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Tradebook.Cli;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

public sealed class SqliteReadApiTests() : ReadApiTests(StorageEngine.Sqlite);

public sealed class PostgresReadApiTests() : ReadApiTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>Screens read the same figures the CLI prints, a page at a time.</summary>
public abstract class ReadApiTests(StorageEngine engine) : ServerTest(engine)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A bot that opens and closes <paramref name="trips"/> round trips an hour apart, winning every other one.</summary>
    private async Task Trade(string bot, int trips)
    {
        await Server.AddBot(bot);
        var lines = new StringBuilder();
        for (var i = 0; i < trips; i++)
        {
            var open = Start.AddHours(i);
            var exit = 100 + (i % 2 == 0 ? 10 : -5);
            lines.AppendLine(CultureInfo.InvariantCulture, $$"""{"kind":"fill","bot":"{{bot}}","id":"b{{i}}","symbol":"ETH/USDT","side":"buy","qty":"1","price":"100","fee":"0.1","ts":"{{open:O}}"}""");
            lines.AppendLine(CultureInfo.InvariantCulture, $$"""{"kind":"fill","bot":"{{bot}}","id":"s{{i}}","symbol":"ETH/USDT","side":"sell","qty":"1","price":"{{exit}}","fee":"0.1","ts":"{{open.AddMinutes(30):O}}"}""");
            lines.AppendLine(CultureInfo.InvariantCulture, $$"""{"kind":"snapshot","bot":"{{bot}}","ts":"{{open.AddMinutes(30):O}}","equity":"{{1000 + i}}","currency":"USDT"}""");
        }

        var response = await Server.PostJson("/api/v1/records", lines.ToString(), "application/x-ndjson");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [StorageFact]
    public async Task round_trips_page_by_cursor_without_gaps_or_repeats_newest_first()
    {
        await Trade("alpha", 25);

        var seen = new List<long>();
        var opened = new List<DateTimeOffset>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Server.GetJson($"/api/v1/round-trips?bot=alpha&limit=10{(cursor is null ? string.Empty : $"&cursor={cursor}")}");
            foreach (var trip in page.GetProperty("items").EnumerateArray())
            {
                seen.Add(trip.GetProperty("id").GetInt64());
                opened.Add(trip.GetProperty("opened_at").GetDateTimeOffset());
            }

            cursor = page.GetProperty("next_cursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(25, seen.Distinct().Count());
        Assert.Equal(opened.OrderDescending(), opened);
    }

    [Theory]
    [InlineData("fills", "fills", "ts")]
    [InlineData("orders", "orders", "ts")]
    [InlineData("signals", "signals", "ts")]
    [InlineData("decisions", "decisions", "ts")]
    [InlineData("round-trips", "positions", "opened_at")]
    [InlineData("cash-flows", "cash_flows", "ts")]
    [InlineData("snapshots", "equity_snapshots", "ts")]
    public async Task a_list_across_bots_pages_newest_first_by_time_then_id_without_gaps_or_repeats(string path, string table, string time)
    {
        // Three bots whose rows interleave in time, several at the very same time: each bot's page is read
        // through its own index and the pages merged, so ties across bots must still fall in id order.
        foreach (var bot in new[] { "alpha", "beta", "gamma" })
        {
            await Server.AddBot(bot);
        }

        var lines = new StringBuilder();
        for (var i = 0; i < 9; i++)
        {
            foreach (var bot in new[] { "alpha", "beta", "gamma" })
            {
                var at = Start.AddMinutes(i / 2).AddSeconds(bot == "gamma" ? i : 0);
                lines.AppendLine(CultureInfo.InvariantCulture, $$"""{"kind":"fill","bot":"{{bot}}","id":"f{{i}}","symbol":"ETH/USDT","side":"{{(i % 2 == 0 ? "buy" : "sell")}}","qty":"1","price":"100","ts":"{{at:O}}"}""");
                lines.AppendLine(CultureInfo.InvariantCulture, $$"""{"kind":"order","bot":"{{bot}}","id":"o{{i}}","symbol":"ETH/USDT","side":"buy","qty":"1","ts":"{{at:O}}"}""");
                lines.AppendLine(CultureInfo.InvariantCulture, $$"""{"kind":"signal","bot":"{{bot}}","id":"s{{i}}","signal":"buy","ts":"{{at:O}}"}""");
                lines.AppendLine(CultureInfo.InvariantCulture, $$"""{"kind":"decision","bot":"{{bot}}","id":"d{{i}}","decision":{"action":"hold"},"ts":"{{at:O}}"}""");
                lines.AppendLine(CultureInfo.InvariantCulture, $$"""{"kind":"cash_flow","bot":"{{bot}}","id":"c{{i}}","type":"deposit","amount":"10","currency":"USDT","ts":"{{at:O}}"}""");
                // A snapshot is keyed by its time: the same one sent again at a time it has is the same snapshot.
                lines.AppendLine(CultureInfo.InvariantCulture, $$"""{"kind":"snapshot","bot":"{{bot}}","equity":"1000","currency":"USDT","ts":"{{at:O}}"}""");
            }
        }

        var posted = await Server.PostJson("/api/v1/records", lines.ToString(), "application/x-ndjson");
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await Server.GetJson($"/api/v1/{path}?limit=4{(cursor is null ? string.Empty : $"&cursor={cursor}")}");
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        var expected = Db.Query(c => c.Query<long>($"SELECT id FROM {table} ORDER BY {time} DESC, id DESC")).ToList();
        Assert.True(expected.Count >= 9, $"{expected.Count} {table}");
        Assert.Equal(expected, seen);
    }

    [StorageFact]
    public async Task cash_flows_and_snapshots_are_read_back_as_recorded_by_product_and_time()
    {
        await Server.AddBot("alpha");
        var posted = await Server.PostJson("/api/v1/records", $$"""
            [
              {"kind": "cash_flow", "bot": "alpha", "id": "dep-1", "type": "deposit", "amount": "5000", "currency": "USDT", "ts": "{{Start:O}}"},
              {"kind": "fill", "bot": "alpha", "id": "b1", "symbol": "ETH/USDT", "side": "buy", "qty": "1", "price": "100", "ts": "{{Start.AddHours(1):O}}"},
              {"kind": "cash_flow", "bot": "alpha", "id": "fund-1", "type": "funding", "amount": "-0.25", "currency": "USDT", "symbol": "ETH/USDT", "ts": "{{Start.AddHours(2):O}}"},
              {"kind": "snapshot", "bot": "alpha", "equity": "5000", "cash": "5000", "currency": "USDT", "ts": "{{Start:O}}"},
              {"kind": "snapshot", "bot": "alpha", "equity": "4999.75", "ts": "{{Start.AddHours(2):O}}"}
            ]
            """);
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());

        var flows = (await Server.GetJson("/api/v1/cash-flows?bot=alpha")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["fund-1", "dep-1"], flows.Select(f => f.GetProperty("external_id").GetString()));
        Assert.Equal("funding", flows[0].GetProperty("type").GetString());
        Assert.Equal(-0.25m, flows[0].GetProperty("amount").GetDecimal());
        Assert.Equal("ETH/USDT", flows[0].GetProperty("symbol").GetString());
        var trip = (await Server.GetJson("/api/v1/round-trips?bot=alpha")).GetProperty("items")[0].GetProperty("id").GetInt64();
        Assert.Equal(trip, flows[0].GetProperty("round_trip_id").GetInt64());
        Assert.Equal(JsonValueKind.Null, flows[1].GetProperty("symbol").ValueKind);
        Assert.Equal(JsonValueKind.Null, flows[1].GetProperty("round_trip_id").ValueKind);

        var ofProduct = (await Server.GetJson("/api/v1/cash-flows?bot=alpha&product=ETH/USDT")).GetProperty("items");
        Assert.Equal(["fund-1"], ofProduct.EnumerateArray().Select(f => f.GetProperty("external_id").GetString()));
        var before = (await Server.GetJson($"/api/v1/cash-flows?to={Uri.EscapeDataString(Start.AddHours(1).ToString("O"))}")).GetProperty("items");
        Assert.Equal(["dep-1"], before.EnumerateArray().Select(f => f.GetProperty("external_id").GetString()));

        var snapshots = (await Server.GetJson("/api/v1/snapshots?bot=alpha")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([Start.AddHours(2), Start], snapshots.Select(s => s.GetProperty("ts").GetDateTimeOffset()));
        Assert.Equal(4999.75m, snapshots[0].GetProperty("equity").GetDecimal());
        Assert.Equal(JsonValueKind.Null, snapshots[0].GetProperty("cash").ValueKind);
        Assert.Equal(5000m, snapshots[1].GetProperty("cash").GetDecimal());
        Assert.Equal("USDT", snapshots[1].GetProperty("currency").GetString());

        using var unknown = await Server.Http.GetAsync(new Uri("/api/v1/cash-flows?bot=nobody", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var where = await Server.Http.GetAsync(new Uri("/api/v1/bots/alpha/cash-flows", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, where.StatusCode);
        Assert.Contains("its rows are read with GET /api/v1/cash-flows?bot=alpha", await where.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [StorageFact]
    public async Task a_deposit_is_not_a_return_and_a_withdrawal_is_not_a_drawdown()
    {
        await Server.AddBot("alpha");
        async Task Record(string json)
        {
            var posted = await Server.PostJson("/api/v1/records", json);
            Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
        }

        // 1,000 earns 10 %; 1,000 more comes in and the 2,100 earns 5 %: 2,205. Then 1,205 goes out. A deposit in another
        // currency than the equity's cannot be taken out of it, and an account fee (a negative rebate) is a cost, not capital.
        await Record($$"""
            [
              {"kind": "snapshot", "bot": "alpha", "equity": "1000", "currency": "USDT", "ts": "{{Start:O}}"},
              {"kind": "snapshot", "bot": "alpha", "equity": "1100", "currency": "USDT", "ts": "{{Start.AddDays(1):O}}"},
              {"kind": "cash_flow", "bot": "alpha", "id": "in", "type": "deposit", "amount": "1000", "currency": "USDT", "ts": "{{Start.AddDays(1).AddHours(1):O}}"},
              {"kind": "cash_flow", "bot": "alpha", "id": "btc", "type": "deposit", "amount": "0.01", "currency": "BTC", "ts": "{{Start.AddDays(1).AddHours(2):O}}"},
              {"kind": "cash_flow", "bot": "alpha", "id": "fee", "type": "rebate", "amount": "-1", "currency": "USDT", "ts": "{{Start.AddDays(1).AddHours(3):O}}"},
              {"kind": "snapshot", "bot": "alpha", "equity": "2205", "currency": "USDT", "ts": "{{Start.AddDays(2):O}}"}
            ]
            """);
        var metrics = await Server.GetJson("/api/v1/bots/alpha/metrics");
        Assert.Equal(0.155m, metrics.GetProperty("return").GetDecimal());

        // The cache takes the withdrawal and the next reading further: the 1,000 left is no drawdown of 54.6 %.
        await Record($$"""
            [
              {"kind": "cash_flow", "bot": "alpha", "id": "out", "type": "withdrawal", "amount": "-1205", "currency": "USDT", "ts": "{{Start.AddDays(2).AddHours(1):O}}"},
              {"kind": "snapshot", "bot": "alpha", "equity": "1000", "currency": "USDT", "ts": "{{Start.AddDays(3):O}}"}
            ]
            """);
        metrics = await Server.GetJson("/api/v1/bots/alpha/metrics");
        Assert.Equal(0.155m, metrics.GetProperty("return").GetDecimal());
        Assert.Equal(0m, metrics.GetProperty("max_drawdown").GetDecimal());
        foreach (var range in new[] { string.Empty, $"&from={Uri.EscapeDataString(Start.ToString("O"))}" })
        {
            var curve = await Server.GetJson($"/api/v1/bots/alpha/equity?interval=1d{range}");
            Assert.Equal([1000m, 1100m, 2205m, 1000m], curve.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("equity").GetDecimal()));
            Assert.All(curve.GetProperty("points").EnumerateArray(), p => Assert.Equal(0m, p.GetProperty("drawdown").GetDecimal()));
            Assert.Equal(0m, curve.GetProperty("max_drawdown").GetProperty("fraction").GetDecimal());
        }
    }

    [StorageFact]
    public async Task round_trips_sorted_by_close_and_filtered_by_time_hold_only_what_was_asked()
    {
        await Trade("alpha", 6);

        var byClose = await Server.GetJson($"/api/v1/round-trips?bot=alpha&sort=closed&from={Start.AddHours(2):O}&to={Start.AddHours(4):O}".Replace("+", "%2B", StringComparison.Ordinal));

        var closes = byClose.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("closed_at").GetDateTimeOffset()).ToList();
        Assert.Equal([Start.AddHours(3).AddMinutes(30), Start.AddHours(2).AddMinutes(30)], closes);
    }

    [StorageFact]
    public async Task round_trips_filtered_by_status_hold_only_that_status_and_an_unknown_status_is_a_400()
    {
        await Trade("alpha", 2);
        var buy = $$"""{"kind":"fill","bot":"alpha","id":"b-open","symbol":"ETH/USDT","side":"buy","qty":"1","price":"100","ts":"{{Start.AddHours(5):O}}"}""";
        Assert.True((await Server.PostJson("/api/v1/records", buy)).IsSuccessStatusCode);

        var statuses = new Dictionary<string, List<string?>>(StringComparer.Ordinal);
        foreach (var status in new[] { "open", "closed" })
        {
            var page = await Server.GetJson($"/api/v1/round-trips?bot=alpha&status={status}");
            statuses[status] = [.. page.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("status").GetString())];
        }

        Assert.Equal(["open"], statuses["open"]);
        Assert.Equal(["closed", "closed"], statuses["closed"]);
        var everyBots = await Server.GetJson("/api/v1/round-trips?status=open");
        Assert.Equal(["ETH/USDT"], everyBots.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("symbol").GetString()).ToList());
        foreach (var status in new[] { "Closed", "rolled_back", "flat" })
        {
            var detail = await Problems.Expect(await Server.Http.GetAsync(new Uri($"/api/v1/round-trips?status={status}", UriKind.Relative)), HttpStatusCode.BadRequest, "invalid_input");
            Assert.Contains($"status '{status}'", detail, StringComparison.Ordinal);
        }
    }

    [StorageFact]
    public async Task a_round_trip_links_to_its_fills()
    {
        await Trade("alpha", 1);
        var trip = (await Server.GetJson("/api/v1/round-trips?bot=alpha")).GetProperty("items")[0];

        var detail = await Server.GetJson($"/api/v1/round-trips/{trip.GetProperty("id").GetInt64()}");

        Assert.Equal(["b0", "s0"], detail.GetProperty("fills").EnumerateArray().Select(f => f.GetProperty("external_id").GetString()));
        Assert.Equal(9.8m, detail.GetProperty("round_trip").GetProperty("realized_pnl").GetDecimal());
    }

    [StorageFact]
    public async Task pnl_over_http_is_the_document_the_cli_prints()
    {
        await Trade("alpha", 4);
        await Trade("beta", 3);

        // A second product for alpha: its bot and total rows add up products, and show no position.
        await Server.PostJson("/api/v1/bots/alpha/fills", """{"id":"btc-1","symbol":"BTC/USDT","side":"buy","qty":"0.045","price":"60000","ts":"2026-11-02T00:00:00Z"}""");

        foreach (var by in new[] { "product", "bot", "day" })
        {
            var api = await Server.GetJson($"/api/v1/pnl?by={by}");
            using var output = new StringWriter();
            using var error = new StringWriter();
            var database = Engine.Engine == Storage.Connection.SqlEngine.Sqlite ? Db.Target.FilePath! : Db.Target.ConnectionString;
            Assert.Equal(0, TradebookCli.Run(["pnl", "--by", by, "--json", "--db", database], output, error));
            var cli = JsonDocument.Parse(output.ToString()).RootElement;

            Assert.Equal(Normalize(cli), Normalize(api));
            if (by == "bot")
            {
                var alpha = api.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("bot").GetString() == "alpha");
                Assert.Equal(System.Text.Json.JsonValueKind.Null, alpha.GetProperty("position_qty").ValueKind);
            }
        }
    }

    [StorageFact]
    public async Task the_bot_card_and_the_metrics_hold_the_ledger_figures()
    {
        await Trade("alpha", 4);

        var card = await Server.GetJson("/api/v1/bots/alpha");
        var metrics = await Server.GetJson("/api/v1/bots/alpha/metrics");

        // Two wins of 9.8 and two losses of -5.2 (exits at 110 and 95, 0.1 fee each way).
        Assert.Equal(9.2m, card.GetProperty("realized_pnl").GetDecimal());
        Assert.Equal(4, card.GetProperty("trades").GetInt32());
        Assert.Equal(2, card.GetProperty("wins").GetInt32());
        Assert.Equal(1003m, card.GetProperty("equity").GetDecimal());
        Assert.Equal("USDT", card.GetProperty("currency").GetString());
        Assert.Equal("sell", card.GetProperty("last_trade").GetProperty("side").GetString());
        Assert.Equal(0.5m, metrics.GetProperty("win_rate").GetDecimal());
        Assert.Equal(19.6m / 10.4m, metrics.GetProperty("profit_factor").GetDecimal());
        Assert.Equal(2.3m, metrics.GetProperty("expectancy").GetDecimal());
    }

    [StorageFact]
    public async Task a_bot_without_snapshots_is_named_in_its_products_quote_and_one_of_several_quotes_is_warned_of()
    {
        // A history an import brought has fills and no snapshot: its card showed figures in no currency. One that
        // traded against two quote coins added them up with no word of it.
        await Server.AddBot("usdt-only");
        await Server.AddBot("two-quotes");
        var lines = string.Join('\n',
            """{"kind":"fill","bot":"usdt-only","id":"1","symbol":"ETH/USDT","side":"buy","qty":"1","price":"100","ts":"2026-11-01T10:00:00Z"}""",
            """{"kind":"fill","bot":"two-quotes","id":"1","symbol":"ETH/USDT","side":"buy","qty":"1","price":"100","ts":"2026-11-01T10:00:00Z"}""",
            """{"kind":"fill","bot":"two-quotes","id":"2","symbol":"DOGE/BTC","side":"buy","qty":"1000","price":"0.000002","ts":"2026-11-01T10:00:00Z"}""");
        var response = await Server.PostJson("/api/v1/records", lines, "application/x-ndjson");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var one = await Server.GetJson("/api/v1/bots/usdt-only");
        var two = await Server.GetJson("/api/v1/bots/two-quotes");

        Assert.Equal("USDT", one.GetProperty("currency").GetString());
        Assert.DoesNotContain(one.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("quoted in", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, two.GetProperty("currency").ValueKind);
        Assert.Contains(two.GetProperty("warnings").EnumerateArray(), w => w.GetString() == "its products are quoted in BTC, USDT: their P&L and fees are added as they are, not converted");

        // The P&L report adds them up as the card does, and says which of its rows do.
        var byBot = (await Server.GetJson("/api/v1/pnl?by=bot")).GetProperty("warnings").EnumerateArray().Select(w => w.GetString()).ToList();
        var byProduct = (await Server.GetJson("/api/v1/pnl?by=product&bot=usdt-only")).GetProperty("warnings").EnumerateArray().Select(w => w.GetString()).ToList();
        Assert.Equal(
            ["two-quotes: each of its rows adds products quoted in BTC, USDT as they are, not converted", "TOTAL (paper) adds products quoted in BTC, USDT as they are, not converted"],
            byBot);
        Assert.Empty(byProduct);
    }

    [StorageFact]
    public async Task one_market_written_two_ways_is_warned_of()
    {
        // A bot that wrote "BTCUSDT" after "BTC/USDT" holds two products, each with half a position.
        await Server.AddBot("respelled");
        var lines = string.Join('\n',
            """{"kind":"fill","bot":"respelled","id":"1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-11-01T10:00:00Z"}""",
            """{"kind":"fill","bot":"respelled","id":"2","symbol":"BTCUSDT","side":"sell","qty":"1","price":"110","ts":"2026-11-01T11:00:00Z"}""",
            """{"kind":"fill","bot":"respelled","id":"3","symbol":"BTC/USDT:USDT","side":"buy","qty":"1","price":"100","ts":"2026-11-01T12:00:00Z"}""");
        var response = await Server.PostJson("/api/v1/records", lines, "application/x-ndjson");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var warnings = (await Server.GetJson("/api/v1/bots/respelled")).GetProperty("warnings").EnumerateArray().Select(w => w.GetString()).ToList();

        Assert.Contains("BTC/USDT and BTCUSDT are one market written 2 ways: each is a product of its own, with its own position", warnings);
        Assert.DoesNotContain(warnings, w => w!.Contains("one market", StringComparison.Ordinal) && w.Contains("BTC/USDT:USDT", StringComparison.Ordinal));
    }

    [StorageFact]
    public async Task the_equity_curve_is_downsampled_on_the_server_with_drawdown()
    {
        await Server.AddBot("alpha");
        var equities = new[] { 100m, 120m, 90m, 95m, 130m };
        var lines = string.Join('\n', equities.Select((e, i) => $$"""{"kind":"snapshot","bot":"alpha","ts":"{{Start.AddMinutes(20 * i):O}}","equity":"{{e}}"}"""));
        await Server.PostJson("/api/v1/records", lines, "application/x-ndjson");

        var hourly = await Server.GetJson("/api/v1/bots/alpha/equity?interval=1h");

        var points = hourly.GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(2, points.Count);
        Assert.Equal(90m, points[0].GetProperty("equity").GetDecimal());
        Assert.Equal(0.25m, points[0].GetProperty("drawdown").GetDecimal());
        Assert.Equal(130m, points[1].GetProperty("equity").GetDecimal());
        Assert.Equal(0.25m, hourly.GetProperty("max_drawdown").GetProperty("fraction").GetDecimal());
    }

    [StorageFact]
    public async Task the_leaderboard_ranks_one_mode_and_never_mixes_in_another()
    {
        await Trade("alpha", 4);
        await Trade("beta", 2);
        await Trade("gamma", 1);
        await Server.PostJson("/api/v1/bots", """{"name":"real","mode":"live"}""");

        var board = await Server.GetJson("/api/v1/leaderboard?mode=paper&sort=pnl");

        // Total P&L: gamma 9.8 (one win), alpha 9.2 (two wins, two losses), beta 4.6 (a win and a loss).
        Assert.Equal(["gamma", "alpha", "beta"], board.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("bot").GetString()));
        Assert.True(board.GetProperty("definitions").TryGetProperty("sharpe", out _));
    }

    [StorageFact]
    public async Task decisions_are_searched_in_full_text()
    {
        await Server.AddBot("alpha");
        await Server.PostJson("/api/v1/bots/alpha/decisions", """
            [{"id":"d1","ts":"2026-12-01T10:00:00Z","decision":{"action":"buy"},"inputs":"funding turned negative on the perpetual","notes":"crowded shorts"},
             {"id":"d2","ts":"2026-12-01T11:00:00Z","decision":{"action":"hold"},"inputs":"volatility compressed","notes":"wait for a breakout"}]
            """);

        var funding = await Server.GetJson("/api/v1/decisions?q=funding%20perpetual");
        var breakout = await Server.GetJson("/api/v1/decisions?q=breakout");
        var syntax = await Server.GetJson("/api/v1/decisions?q=%22%3A-*%28");

        Assert.Equal(["d1"], funding.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("external_id").GetString()));
        Assert.Equal(["d2"], breakout.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("external_id").GetString()));
        Assert.Equal(2, syntax.GetProperty("items").GetArrayLength());
    }

    [StorageFact]
    public async Task exports_stream_every_round_trip_as_csv_and_ndjson()
    {
        await Trade("alpha", 7);

        var csv = await Server.Http.GetStringAsync(new Uri("/api/v1/export/round-trips?format=csv&bot=alpha", UriKind.Relative));
        var ndjson = await Server.Http.GetStringAsync(new Uri("/api/v1/export/round-trips?format=ndjson&bot=alpha", UriKind.Relative));

        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,bot,mode,symbol", rows[0], StringComparison.Ordinal);
        Assert.Equal(8, rows.Length);
        Assert.Equal(7, ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt64()).Distinct().Count());
    }

    [Theory]
    [InlineData("orders", "orders", """{"kind":"order","bot":"alpha","id":"o{0}","symbol":"ETH/USDT","side":"buy","qty":"1","ts":"{1}"}""")]
    [InlineData("signals", "signals", """{"kind":"signal","bot":"alpha","id":"s{0}","signal":"buy","ts":"{1}"}""")]
    [InlineData("cash-flows", "cash_flows", """{"kind":"cash_flow","bot":"alpha","id":"c{0}","type":"interest","amount":"0.5","currency":"USDT","ts":"{1}"}""")]
    [InlineData("snapshots", "equity_snapshots", """{"kind":"snapshot","bot":"alpha","equity":"1000.{0}","ts":"{1}"}""")]
    public async Task an_export_streams_every_row_of_its_kind_past_one_page_newest_first(string what, string table, string line)
    {
        // More rows than one page of the export, so that it goes on by cursor.
        await Server.AddBot("alpha");
        var lines = new StringBuilder();
        for (var i = 0; i < 520; i++)
        {
            lines.AppendLine(line.Replace("{0}", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{1}", Start.AddMinutes(i).ToString("O", CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        var posted = await Server.PostJson("/api/v1/records", lines.ToString(), "application/x-ndjson");
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());

        var ndjson = await Server.Http.GetStringAsync(new Uri($"/api/v1/export/{what}?format=ndjson&bot=alpha", UriKind.Relative));
        var csv = await Server.Http.GetStringAsync(new Uri($"/api/v1/export/{what}?format=csv&bot=alpha", UriKind.Relative));

        var expected = Db.Query(c => c.Query<long>($"SELECT id FROM {table} ORDER BY ts DESC, id DESC")).ToList();
        Assert.Equal(520, expected.Count);
        Assert.Equal(expected, ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetInt64()));
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,bot,", rows[0], StringComparison.Ordinal);
        Assert.Equal(expected, rows.Skip(1).Select(r => long.Parse(r.Split(',')[0], CultureInfo.InvariantCulture)));
    }

    [StorageFact]
    public async Task status_health_metrics_and_the_api_description_are_served()
    {
        await Trade("alpha", 1);

        var status = await Server.GetJson("/api/v1/status");
        var openApi = await Server.GetJson("/openapi/v1.json");
        var metrics = await Server.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var ready = await Server.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var reference = await Server.Http.GetAsync(new Uri("/scalar/", UriKind.Relative));

        Assert.Equal(Storage.Migrations.EmbeddedMigrationSource.Instance.Load(Storage.Connection.SqlEngine.Sqlite).Max(m => m.Version), status.GetProperty("schema").GetProperty("version").GetInt32());
        Assert.True(status.GetProperty("schema").GetProperty("current").GetBoolean());
        Assert.Empty(status.GetProperty("schema").GetProperty("drift").EnumerateArray());
        Assert.StartsWith("3.1", openApi.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/v1/bots/{bot}/turns", out _));
        Assert.Contains("tradebook_records_written_total", metrics, StringComparison.Ordinal);
        Assert.Contains("tradebook_group_commit_size", metrics, StringComparison.Ordinal);
        Assert.Contains("tradebook_stream_clients", metrics, StringComparison.Ordinal);
        Assert.Contains("tradebook_database_bytes", metrics, StringComparison.Ordinal);
        Assert.Contains("http_requests_received_total", metrics, StringComparison.Ordinal);
        Assert.Contains("http_request_duration_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, reference.StatusCode);
    }

    [Fact]
    public async Task the_api_description_names_the_problems_each_operation_can_answer()
    {
        // A client generated from the description (openapi-generator, NSwag, Kiota) treats a status it does not list
        // as unexpected: every operation can be refused as bad input (a query parameter it does not take, at least)
        // or answered 503 while the database cannot serve, and a read filtered by bot answers 404 for a bot that does not exist.
        var paths = (await Server.GetJson("/openapi/v1.json")).GetProperty("paths");

        var operations = paths.EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value))).ToList();
        Assert.NotEmpty(operations);
        foreach (var (path, method, operation) in operations)
        {
            var statuses = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            Assert.True(statuses.Contains("400") && statuses.Contains("503"), $"{method} {path} lists {string.Join(", ", statuses)}");
            var filtersByBot = operation.TryGetProperty("parameters", out var parameters)
                && parameters.EnumerateArray().Any(p => p.GetProperty("name").GetString() == "bot" && p.GetProperty("in").GetString() == "query");
            if (filtersByBot && path != "/api/v1/events")
            {
                Assert.True(statuses.Contains("404"), $"{method} {path} filters by bot but lists {string.Join(", ", statuses)}");
            }

            // Adding a bot, a bot's update, pause, resume, archive and heartbeat listed no success at all: a generated
            // client had no type for what they answer.
            Assert.True(statuses.Any(s => s.StartsWith('2')), $"{method} {path} lists no success, only {string.Join(", ", statuses)}");
            if (path.Contains("{bot}", StringComparison.Ordinal))
            {
                Assert.True(statuses.Contains("404"), $"{method} {path} names a bot but lists {string.Join(", ", statuses)}");
            }
        }
    }

    private static string Normalize(JsonElement element) => JsonSerializer.Serialize(element);
}
