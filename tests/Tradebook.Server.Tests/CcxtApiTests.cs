using System.Net;
using System.Text.Json;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

public sealed class SqliteCcxtApiTests() : CcxtApiTests(StorageEngine.Sqlite);

public sealed class PostgresCcxtApiTests() : CcxtApiTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>
/// A crypto bot posts what ccxt's <c>create_order()</c> and <c>fetch_my_trades()</c> gave it, as it is, and reads back
/// the fills and the round trip they make; posting the same trades again adds nothing.
/// </summary>
public abstract class CcxtApiTests(StorageEngine engine) : ServerTest(engine)
{
    private const string Trades = """
        [
          {"info": {"id": "1"}, "id": "1", "timestamp": 1704189600000, "datetime": "2024-01-02T10:00:00.000Z", "symbol": "ETH/USDT",
           "order": "o-1", "type": "limit", "side": "buy", "takerOrMaker": "maker", "price": 2300.0, "amount": 1.5, "cost": 3450.0,
           "fee": {"cost": 3.45, "currency": "USDT", "rate": 0.001}, "fees": [{"cost": 3.45, "currency": "USDT", "rate": 0.001}]},
          {"info": {"id": "2"}, "id": "2", "timestamp": 1704193200000, "datetime": "2024-01-02T11:00:00.000Z", "symbol": "ETH/USDT",
           "order": "o-2", "type": "market", "side": "sell", "takerOrMaker": "taker", "price": 2400.0, "amount": 1.5, "cost": 3600.0,
           "fee": {"cost": 3.6, "currency": "USDT", "rate": 0.001}, "fees": [{"cost": 3.6, "currency": "USDT", "rate": 0.001}]}
        ]
        """;

    private const string Orders = """
        [
          {"info": {}, "id": "o-1", "clientOrderId": null, "timestamp": 1704189590000, "datetime": "2024-01-02T09:59:50.000Z", "status": "closed",
           "symbol": "ETH/USDT", "type": "limit", "side": "buy", "price": 2300.0, "amount": 1.5, "filled": 1.5, "remaining": 0.0, "trades": []},
          {"info": {}, "id": "o-2", "clientOrderId": null, "timestamp": 1704193190000, "datetime": "2024-01-02T10:59:50.000Z", "status": "closed",
           "symbol": "ETH/USDT", "type": "market", "side": "sell", "price": null, "amount": 1.5, "filled": 1.5, "remaining": 0.0, "trades": []}
        ]
        """;

    [StorageFact]
    public async Task trades_posted_as_ccxt_gives_them_are_the_bot_s_fills_and_round_trip()
    {
        await Server.AddBot("ccxt-bot");
        var orders = await Server.PostJson("/api/v1/bots/ccxt-bot/orders", Orders);

        var first = await Server.PostJson("/api/v1/bots/ccxt-bot/fills", Trades);
        var again = await Server.PostJson("/api/v1/bots/ccxt-bot/fills", Trades);

        Assert.True(orders.IsSuccessStatusCode, await orders.Content.ReadAsStringAsync());
        Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync());
        var written = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("kinds").GetProperty("fills");
        Assert.Equal((0, 2), (written.GetProperty("inserted").GetInt32(), written.GetProperty("existing").GetInt32()));
        var fills = (await Server.GetJson("/api/v1/fills?bot=ccxt-bot")).GetProperty("items");
        Assert.Equal(
            ["2:sell:1.5:2400:3.6:USDT:o-2", "1:buy:1.5:2300:3.45:USDT:o-1"],
            fills.EnumerateArray().Select(f => string.Join(':', f.GetProperty("external_id").GetString(), f.GetProperty("side").GetString(), N(f, "quantity"), N(f, "price"), N(f, "fee"), f.GetProperty("fee_currency").GetString(), f.GetProperty("order_id").GetString())));
        var pnl = (await Server.GetJson("/api/v1/pnl?by=bot")).GetProperty("lines").EnumerateArray().Single();
        Assert.Equal(150m - 3.45m - 3.6m, pnl.GetProperty("realized_pnl").GetDecimal());
    }

    [StorageFact]
    public async Task trades_sent_before_their_orders_are_kept_and_find_them_once_they_are_recorded()
    {
        // A bot that sends only what fetch_my_trades() gave it: the trades were a 400 until their orders were recorded.
        await Server.AddBot("ccxt-bot");

        var trades = await Server.PostJson("/api/v1/bots/ccxt-bot/fills", Trades);
        var waiting = await OrdersOfFills();
        var orders = await Server.PostJson("/api/v1/bots/ccxt-bot/orders", Orders);
        var linked = await OrdersOfFills();
        var again = await Server.PostJson("/api/v1/bots/ccxt-bot/fills", Trades);

        Assert.True(trades.IsSuccessStatusCode, await trades.Content.ReadAsStringAsync());
        Assert.True(orders.IsSuccessStatusCode, await orders.Content.ReadAsStringAsync());
        Assert.Equal(["2::o-2", "1::o-1"], waiting);
        Assert.Equal(["2:o-2:o-2", "1:o-1:o-1"], linked);
        var executed = (await Server.GetJson("/api/v1/orders?bot=ccxt-bot")).GetProperty("items").EnumerateArray()
            .Select(o => $"{o.GetProperty("exchange_order_id").GetString()}:{N(o, "filled_quantity")}:{N(o, "average_price")}:{o.GetProperty("fills").GetInt32()}");
        Assert.Equal(["o-2:1.5:2400:1", "o-1:1.5:2300:1"], executed);
        var written = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("kinds").GetProperty("fills");
        Assert.Equal((0, 2), (written.GetProperty("inserted").GetInt32(), written.GetProperty("existing").GetInt32()));
    }

    [StorageFact]
    public async Task an_order_s_fills_are_read_by_its_id_whether_or_not_the_order_is_recorded()
    {
        await Server.AddBot("ccxt-bot");
        await Server.PostJson("/api/v1/bots/ccxt-bot/fills", Trades);
        var waiting = await FillsOf("o-2");
        await Server.PostJson("/api/v1/bots/ccxt-bot/orders", Orders);

        var recorded = await FillsOf("o-2");
        var withoutBot = await Server.Http.GetAsync(new Uri("/api/v1/fills?order=o-2", UriKind.Relative));

        Assert.Equal(["2"], waiting);
        Assert.Equal(["2"], recorded);
        Assert.Equal(HttpStatusCode.BadRequest, withoutBot.StatusCode);
        Assert.Contains("give bot too", await withoutBot.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<List<string>> FillsOf(string order) =>
        [.. (await Server.GetJson($"/api/v1/fills?bot=ccxt-bot&order={order}")).GetProperty("items").EnumerateArray().Select(f => f.GetProperty("external_id").GetString()!)];

    [StorageFact]
    public async Task a_market_order_placed_without_a_price_is_recorded_filled_with_the_price_ccxt_gives_it_then()
    {
        // create_order() gives a market order without a price; fetch_order() gives it closed with its price. The second
        // was a 409 (only the status could change), so a bot could not record its market order filled.
        await Server.AddBot("ccxt-bot");
        const string Placed = """
            {"info": {}, "id": "555", "clientOrderId": "x1", "timestamp": 1704189600000, "datetime": "2024-01-02T10:00:00.000Z", "status": "open",
             "symbol": "BTC/USDT", "type": "market", "side": "buy", "price": null, "average": null, "amount": 0.01, "filled": 0, "remaining": 0.01,
             "cost": 0, "trades": [], "fee": null, "fees": []}
            """;
        var closed = Placed.Replace("\"status\": \"open\"", "\"status\": \"closed\"", StringComparison.Ordinal)
            .Replace("\"price\": null, \"average\": null", "\"price\": 42000.5, \"average\": 42000.5", StringComparison.Ordinal);

        var placed = await Server.PostJson("/api/v1/bots/ccxt-bot/orders", Placed);
        var filled = await Server.PostJson("/api/v1/bots/ccxt-bot/orders", closed);

        Assert.True(placed.IsSuccessStatusCode, await placed.Content.ReadAsStringAsync());
        Assert.True(filled.IsSuccessStatusCode, await filled.Content.ReadAsStringAsync());
        var order = (await Server.GetJson("/api/v1/orders?bot=ccxt-bot")).GetProperty("items").EnumerateArray().Single();
        Assert.Equal(("filled", 42000.5m), (order.GetProperty("status").GetString(), order.GetProperty("price").GetDecimal()));
    }

    private async Task<List<string>> OrdersOfFills() =>
        [.. (await Server.GetJson("/api/v1/fills?bot=ccxt-bot")).GetProperty("items").EnumerateArray()
            .Select(f => $"{f.GetProperty("external_id").GetString()}:{f.GetProperty("order_id").GetString()}:{f.GetProperty("exchange_order_id").GetString()}")];

    [StorageFact]
    public async Task a_ccxt_trade_with_fees_in_two_currencies_is_a_400_that_writes_nothing()
    {
        await Server.AddBot("ccxt-bot");
        Assert.True((await Server.PostJson("/api/v1/bots/ccxt-bot/orders", Orders)).IsSuccessStatusCode);

        var response = await Server.PostJson("/api/v1/bots/ccxt-bot/fills", Trades.Replace(
            "\"fees\": [{\"cost\": 3.6, \"currency\": \"USDT\", \"rate\": 0.001}]",
            "\"fees\": [{\"cost\": 3.6, \"currency\": \"USDT\"}, {\"cost\": 0.01, \"currency\": \"BNB\"}]",
            StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("fees are in USDT and BNB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await Server.GetJson("/api/v1/fills?bot=ccxt-bot")).GetProperty("items").EnumerateArray());
    }

    private static string N(JsonElement item, string name) => item.GetProperty(name).GetDecimal().ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture);
}
