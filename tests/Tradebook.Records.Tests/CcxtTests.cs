using Tradebook.Core.Domain;
using static Tradebook.Records.Tests.RecordInputs;

namespace Tradebook.Records.Tests;

/// <summary>
/// A trade or an order as ccxt gives it (<c>fetch_my_trades()</c>, <c>create_order()</c>), sent as it is: read as the
/// fill or order it is. Before, it was refused for its first field the record format does not have, and every crypto
/// bot had to rename five fields by hand.
/// </summary>
public sealed class CcxtTests
{
    private const string Trade = """
        {"info": {"id": "28457", "isBuyer": true}, "id": "28457", "timestamp": 1704189600123, "datetime": "2024-01-02T10:00:00.123Z",
         "symbol": "BTC/USDT", "order": "100234", "type": "limit", "side": "buy", "takerOrMaker": "taker",
         "price": 42000.5, "amount": 0.0123, "cost": 516.60615, "fee": {"cost": 0.0000123, "currency": "BTC", "rate": 0.001},
         "fees": [{"cost": 0.0000123, "currency": "BTC", "rate": 0.001}], "bot": "alpha"}
        """;

    [Fact]
    public void a_ccxt_trade_is_the_fill_it_describes()
    {
        var fill = Assert.Single(Parse(Trade).Fills);

        Assert.Equal(
            new FillRecord("alpha", "28457", "BTC/USDT", Side.Buy, 0.0123m, 42000.5m, 0.0000123m, "BTC", new DateTimeOffset(2024, 1, 2, 10, 0, 0, 123, TimeSpan.Zero), ExchangeOrderId: "100234"),
            fill);
    }

    [Fact]
    public void a_trade_without_a_timestamp_takes_its_datetime_and_one_without_a_fee_has_none()
    {
        var fill = Assert.Single(Parse("""
            {"id": "t1", "timestamp": null, "datetime": "2024-01-02T10:00:00Z", "symbol": "ETH/USDT", "order": null, "side": "sell",
             "price": "2300", "amount": "1.5", "cost": "3450", "fee": null, "fees": [], "info": {}, "bot": "alpha"}
            """).Fills);

        Assert.Equal((new DateTimeOffset(2024, 1, 2, 10, 0, 0, TimeSpan.Zero), 0m, null, null), (fill.Timestamp, fill.Fee, fill.FeeCurrency, fill.ExchangeOrderId));
        Assert.Equal((Side.Sell, 1.5m), (fill.Side, fill.Quantity));
    }

    [Fact]
    public void a_trade_the_exchange_gave_no_id_is_named_by_what_it_is_and_found_again()
    {
        // ccxt leaves a trade's id undefined for a few exchanges: the fill was refused for its missing id.
        const string NoId = """{"id": null, "order": "o-9", "timestamp": 1704189600000, "symbol": "ETH/USDT", "side": "buy", "price": 2300, "amount": 1, "info": {}, "bot": "alpha"}""";

        var first = Assert.Single(Parse(NoId).Fills);
        var again = Assert.Single(Parse(NoId).Fills);
        var other = Assert.Single(Parse(NoId.Replace("\"price\": 2300", "\"price\": 2301", StringComparison.Ordinal)).Fills);

        Assert.StartsWith("ccxt-", first.Id, StringComparison.Ordinal);
        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, other.Id);
    }

    [Fact]
    public void fees_in_one_currency_are_added_up()
    {
        var fill = Assert.Single(Parse("""
            {"id": "t1", "timestamp": 1704189600000, "symbol": "ETH/USDT", "side": "buy", "price": 2300, "amount": 1,
             "fees": [{"cost": 0.5, "currency": "USDT"}, {"cost": "0.25", "currency": "USDT"}], "bot": "alpha"}
            """).Fills);

        Assert.Equal((0.75m, "USDT"), (fill.Fee, fill.FeeCurrency));
    }

    [Theory]
    [InlineData("""[{"cost": 0, "currency": "USDT"}, {"cost": 0.001, "currency": "BNB"}]""", 0.001, "BNB")]
    [InlineData("""[{"cost": 0.001, "currency": "BNB"}, {"cost": "0.0", "currency": "USDT"}]""", 0.001, "BNB")]
    [InlineData("""[{"cost": 0, "currency": "USDT"}, {"cost": 0, "currency": "BNB"}]""", 0, "USDT")]
    public void a_fee_of_nothing_in_another_currency_adds_nothing_and_is_not_a_second_currency(string fees, decimal cost, string currency)
    {
        // Some exchanges list a zero fee in the quote beside the one paid (in BNB, say): the trade was refused for
        // fees in two currencies.
        var fill = Assert.Single(Parse($$"""
            {"id": "t1", "timestamp": 1704189600000, "symbol": "ETH/USDT", "side": "buy", "price": 2300, "amount": 1, "fees": {{fees}}, "bot": "alpha"}
            """).Fills);

        Assert.Equal((cost, currency), (fill.Fee, fill.FeeCurrency));
    }

    [Theory]
    [InlineData("""{"fees": [{"cost": 0.5, "currency": "USDT"}, {"cost": 0.001, "currency": "BNB"}]}""", "fees are in USDT and BNB")]
    [InlineData("""{"fee": 0.5}""", "a fee must be {\"cost\", \"currency\"}")]
    [InlineData("""{"fees": {"cost": 0.5}}""", "\"fees\" must be a list")]
    [InlineData("""{"fees": [{"cost": "lots", "currency": "USDT"}, {"cost": 1, "currency": "USDT"}]}""", "not an amount")]
    [InlineData("""{"qty": 1}""", "gives \"qty\" twice")]
    [InlineData("""{"ts": "2024-01-02T10:00:00Z"}""", "gives \"ts\" twice")]
    [InlineData("""{"exchange_order_id": "o1"}""", "gives \"exchange_order_id\" twice")]
    [InlineData("""{"leverage": 3}""", "unknown field \"leverage\"")]
    public void what_a_fill_cannot_hold_is_refused_naming_it(string extra, string expected)
    {
        const string Fields = "\"id\": \"t1\", \"timestamp\": 1704189600000, \"symbol\": \"ETH/USDT\", \"side\": \"buy\", \"price\": 2300, \"amount\": 1, \"order\": \"o1\", \"bot\": \"alpha\"";

        var error = Refused("{" + Fields + ", " + extra[1..]);

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains("nothing was written", error, StringComparison.Ordinal);
    }

    [Fact]
    public void a_ccxt_order_read_where_a_fill_is_expected_is_refused_as_the_order_it_is()
    {
        // Before, it was refused for "clientOrderId", with "did you mean order_id?".
        var error = Refused("""
            {"info": {}, "id": "555", "clientOrderId": "x1", "timestamp": 1704189600000, "status": "open", "symbol": "BTC/USDT",
             "type": "market", "side": "buy", "price": null, "amount": 0.01, "filled": 0, "remaining": 0.01, "bot": "alpha"}
            """);

        Assert.Contains("an order in ccxt's structure", error, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"order\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void a_fill_with_amount_and_none_of_ccxt_s_fields_is_still_told_to_use_qty()
    {
        var error = Refused("""{"bot": "alpha", "id": "f1", "symbol": "BTC/USDT", "side": "buy", "amount": "1", "price": "100", "ts": "2026-03-02T10:15:00Z"}""");

        Assert.Contains("unknown field \"amount\"", error, StringComparison.Ordinal);
        Assert.Contains("qty", error, StringComparison.Ordinal);
    }

    [Fact]
    public void a_cash_flow_s_amount_is_its_own_and_not_a_ccxt_trade_s()
    {
        var flow = Assert.Single(Parse("""{"kind": "cash_flow", "bot": "alpha", "id": "c1", "type": "deposit", "amount": "100", "currency": "USDT", "ts": "2026-12-01T10:00:00Z"}""").CashFlows);

        Assert.Equal(100m, flow.Amount);
    }

    [Fact]
    public void a_ccxt_order_is_the_order_its_trades_name()
    {
        var batch = Parse("[" + """
            {"kind": "order", "info": {}, "id": "100234", "clientOrderId": "my-1", "timestamp": 1704189600000, "datetime": "2024-01-02T10:00:00.000Z",
             "lastTradeTimestamp": 1704189600123, "status": "closed", "symbol": "BTC/USDT", "type": "limit", "timeInForce": "GTC", "side": "buy",
             "price": 42000.5, "average": 42000.5, "amount": 0.0123, "filled": 0.0123, "remaining": 0, "cost": 516.60615, "trades": [],
             "fee": null, "fees": [], "reduceOnly": false, "postOnly": false, "bot": "alpha"}
            """ + "," + Trade + "]");

        var order = Assert.Single(batch.Orders);
        Assert.Equal(
            new OrderRecord("alpha", "100234", "BTC/USDT", Side.Buy, "limit", 0.0123m, 42000.5m, "filled", new DateTimeOffset(2024, 1, 2, 10, 0, 0, TimeSpan.Zero), "100234"),
            order);
        Assert.Equal(order.ExchangeOrderId, Assert.Single(batch.Fills).ExchangeOrderId);
    }
}
