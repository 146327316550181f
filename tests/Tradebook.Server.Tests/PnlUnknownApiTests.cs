using System.Text.Json;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

public sealed class SqlitePnlUnknownApiTests() : PnlUnknownApiTests(StorageEngine.Sqlite);

public sealed class PostgresPnlUnknownApiTests() : PnlUnknownApiTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>
/// A bot whose fills carry price 0: every endpoint that shows its P&amp;L gives null and the reason, never 0, and
/// the bot is flagged; a bot with prices beside it keeps every figure.
/// </summary>
public abstract class PnlUnknownApiTests(StorageEngine engine) : ServerTest(engine)
{
    private async Task Record()
    {
        await Server.AddBot("micro");
        await Server.AddBot("priced");
        var response = await Server.PostJson("/api/v1/records", """
            {"kind":"decision","bot":"micro","id":"dm","ts":"2026-11-01T01:00:00Z","decision":{"action":"sell"}}
            {"kind":"order","bot":"micro","id":"om","symbol":"PEPE/USDT","side":"sell","qty":"1000000","ts":"2026-11-01T01:00:00Z","decision_id":"dm"}
            {"kind":"decision","bot":"priced","id":"dp","ts":"2026-11-01T01:00:00Z","decision":{"action":"sell"}}
            {"kind":"order","bot":"priced","id":"op","symbol":"ETH/USDT","side":"sell","qty":"1","ts":"2026-11-01T01:00:00Z","decision_id":"dp"}
            {"kind":"fill","bot":"micro","id":"m1","symbol":"PEPE/USDT","side":"buy","qty":"1000000","price":"0","ts":"2026-11-01T00:00:00Z"}
            {"kind":"fill","bot":"micro","id":"m2","symbol":"PEPE/USDT","side":"sell","qty":"1000000","price":"0","ts":"2026-11-01T01:00:00Z","order_id":"om"}
            {"kind":"fill","bot":"priced","id":"p1","symbol":"ETH/USDT","side":"buy","qty":"1","price":"100","fee":"0.1","ts":"2026-11-01T00:00:00Z"}
            {"kind":"fill","bot":"priced","id":"p2","symbol":"ETH/USDT","side":"sell","qty":"1","price":"110","fee":"0.1","ts":"2026-11-01T01:00:00Z","order_id":"op"}
            """, "application/x-ndjson");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static JsonElement Of(JsonElement items, string property, string bot) =>
        items.EnumerateArray().Single(i => i.GetProperty(property).GetString() == bot);

    [StorageFact]
    public async Task pnl_gives_null_and_the_reason_for_the_unpriced_bot()
    {
        await Record();

        var pnl = await Server.GetJson("/api/v1/pnl?by=bot");
        var micro = Of(pnl.GetProperty("lines"), "bot", "micro");
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (micro.GetProperty("realized_pnl").ValueKind, micro.GetProperty("fees").ValueKind));
        Assert.Equal(("unpriced_fills", 2), (micro.GetProperty("pnl_unknown").GetProperty("reason").GetString(), micro.GetProperty("pnl_unknown").GetProperty("fills").GetInt32()));
        Assert.Equal(9.8m, Of(pnl.GetProperty("lines"), "bot", "priced").GetProperty("realized_pnl").GetDecimal());
    }

    [StorageFact]
    public async Task the_bot_list_flags_the_unpriced_bot_and_shows_no_figure_of_its_pnl()
    {
        await Record();

        var bots = (await Server.GetJson("/api/v1/bots")).GetProperty("bots");
        var micro = Of(bots, "name", "micro");
        foreach (var figure in new[] { "realized_pnl", "unrealized_pnl", "fees", "wins" })
        {
            Assert.True(micro.GetProperty(figure).ValueKind == JsonValueKind.Null, $"{figure}: {micro.GetProperty(figure)}");
        }

        Assert.Equal(["PEPE/USDT"], micro.GetProperty("pnl_unknown").GetProperty("products").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains(micro.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("P&L unknown for PEPE/USDT: 2 fills at price 0", StringComparison.Ordinal));

        var priced = Of(bots, "name", "priced");
        Assert.Equal((9.8m, 0.2m, JsonValueKind.Null), (priced.GetProperty("realized_pnl").GetDecimal(), priced.GetProperty("fees").GetDecimal(), priced.GetProperty("pnl_unknown").ValueKind));
        Assert.Empty(priced.GetProperty("warnings").EnumerateArray());
    }

    [StorageFact]
    public async Task metrics_and_the_leaderboard_give_null_pnl_figures_and_rank_the_unpriced_bot_last()
    {
        await Record();

        var metrics = await Server.GetJson("/api/v1/bots/micro/metrics");
        foreach (var figure in new[] { "realized_pnl", "total_pnl", "fees", "win_rate", "expectancy" })
        {
            Assert.True(metrics.GetProperty(figure).ValueKind == JsonValueKind.Null, $"{figure}: {metrics.GetProperty(figure)}");
        }

        Assert.Equal(1, metrics.GetProperty("trades").GetInt32());
        Assert.Equal(2, metrics.GetProperty("pnl_unknown").GetProperty("reason").GetProperty("fills").GetInt32());

        var board = await Server.GetJson("/api/v1/leaderboard?mode=paper&sort=pnl");
        Assert.Equal(["priced", "micro"], board.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("bot").GetString()));
        Assert.Equal(9.8m, Of(board.GetProperty("items"), "bot", "priced").GetProperty("realized_pnl").GetDecimal());
    }

    private static void AssertUnknown(JsonElement row, params string[] figures)
    {
        foreach (var figure in figures)
        {
            Assert.True(row.GetProperty(figure).ValueKind == JsonValueKind.Null, $"{figure}: {row.GetProperty(figure)}");
        }

        var reason = row.GetProperty("pnl_unknown");
        Assert.Equal(("unpriced_fills", 2), (reason.GetProperty("reason").GetString(), reason.GetProperty("fills").GetInt32()));
        Assert.Contains("price 0", reason.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [StorageFact]
    public async Task round_trips_of_the_unpriced_product_give_null_pnl_and_fees_and_the_reason()
    {
        await Record();

        var trips = (await Server.GetJson("/api/v1/round-trips")).GetProperty("items");
        var micro = Of(trips, "bot", "micro");
        AssertUnknown(micro, "realized_pnl", "fees");
        Assert.Equal((1_000_000m, 2), (micro.GetProperty("max_quantity").GetDecimal(), micro.GetProperty("fills").GetInt32()));

        var priced = Of(trips, "bot", "priced");
        Assert.Equal((9.8m, 0.2m, JsonValueKind.Null), (priced.GetProperty("realized_pnl").GetDecimal(), priced.GetProperty("fees").GetDecimal(), priced.GetProperty("pnl_unknown").ValueKind));

        var detail = await Server.GetJson($"/api/v1/round-trips/{micro.GetProperty("id").GetInt64()}");
        AssertUnknown(detail.GetProperty("round_trip"), "realized_pnl", "fees");
        Assert.All(detail.GetProperty("fills").EnumerateArray(), f => AssertUnknown(f, "realized_pnl"));
    }

    [StorageFact]
    public async Task fills_of_the_unpriced_product_give_null_realized_pnl_and_the_reason()
    {
        await Record();

        var fills = (await Server.GetJson("/api/v1/fills")).GetProperty("items");
        AssertUnknown(Of(fills, "external_id", "m2"), "realized_pnl");
        AssertUnknown(Of(fills, "external_id", "m1"), "realized_pnl");
        var p2 = Of(fills, "external_id", "p2");
        Assert.Equal((9.8m, JsonValueKind.Null), (p2.GetProperty("realized_pnl").GetDecimal(), p2.GetProperty("pnl_unknown").ValueKind));
    }

    [StorageFact]
    public async Task a_decision_whose_fills_have_no_price_traces_to_unknown_realized_pnl()
    {
        await Record();

        async Task<JsonElement> Trace(string bot)
        {
            var decision = Assert.Single((await Server.GetJson($"/api/v1/decisions?bot={bot}")).GetProperty("items").EnumerateArray());
            return await Server.GetJson($"/api/v1/decisions/{decision.GetProperty("id").GetInt64()}");
        }

        var micro = await Trace("micro");
        Assert.Equal(JsonValueKind.Null, micro.GetProperty("realized_pnl").ValueKind);
        Assert.Equal(["PEPE/USDT"], micro.GetProperty("pnl_unknown").GetProperty("products").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(2, micro.GetProperty("pnl_unknown").GetProperty("reason").GetProperty("fills").GetInt32());
        AssertUnknown(Assert.Single(micro.GetProperty("fills").EnumerateArray()), "realized_pnl");

        var priced = await Trace("priced");
        Assert.Equal((9.8m, JsonValueKind.Null), (priced.GetProperty("realized_pnl").GetDecimal(), priced.GetProperty("pnl_unknown").ValueKind));
    }

    [StorageFact]
    public async Task exports_leave_the_unknown_figures_empty_in_csv_and_null_in_ndjson_and_name_the_reason()
    {
        await Record();

        foreach (var (what, figures) in new[] { ("round-trips", new[] { "realized_pnl", "fees" }), ("fills", new[] { "realized_pnl" }) })
        {
            var csv = (await Server.Http.GetStringAsync(new Uri($"/api/v1/export/{what}?format=csv", UriKind.Relative))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var header = csv[0].Split(',');
            var rows = csv.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(c => c.First, c => c.Second)).ToList();
            Assert.All(csv.Skip(1), l => Assert.Equal(header.Length, l.Split(',').Length));
            foreach (var row in rows)
            {
                var unknown = row["bot"] == "micro";
                Assert.Equal(unknown ? "unpriced_fills" : string.Empty, row["pnl_unknown"]);
                Assert.All(figures, f => Assert.Equal(unknown, row[f].Length == 0));
            }

            var ndjson = (await Server.Http.GetStringAsync(new Uri($"/api/v1/export/{what}?format=ndjson&bot=micro", UriKind.Relative))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.NotEmpty(ndjson);
            Assert.All(ndjson, l => AssertUnknown(JsonDocument.Parse(l).RootElement, figures));
        }
    }
}
