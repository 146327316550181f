using static Tradebook.Import.Tests.JsonFiles.JsonTrades;

namespace Tradebook.Import.Tests.JsonFiles;

/// <summary>
/// A bot's trades saved as ccxt gave them (<c>json.dump(exchange.fetch_my_trades())</c>), or with a fee written other
/// ways. A fee that was an object, or not a number, was read as zero without a word; a trade worth more than Tradebook
/// records made the whole import fail on the ledger's sums.
/// </summary>
public sealed class JsonFeesTests
{
    [Fact]
    public void a_dump_of_ccxt_trades_keeps_each_fee_in_its_currency_and_each_order()
    {
        var import = Read(
            """{"info": {}, "id": "1", "order": "o-1", "timestamp": 1704189600000, "datetime": "2024-01-02T10:00:00.000Z", "symbol": "BNB/USDT", "type": "limit", "side": "buy", "takerOrMaker": "maker", "price": 300, "amount": 2, "cost": 600, "fee": {"cost": 0.0015, "currency": "BNB", "rate": 0.00075}}""",
            """{"info": {}, "id": "2", "order": "o-2", "timestamp": 1704193200000, "datetime": "2024-01-02T11:00:00.000Z", "symbol": "BNB/USDT", "type": "market", "side": "sell", "takerOrMaker": "taker", "price": 310, "amount": 2, "cost": 620, "fees": [{"cost": 0.3, "currency": "USDT"}, {"cost": 0.165, "currency": "USDT"}]}""");

        Assert.Equal(
            [("1", 0.0015m, "BNB", "o-1"), ("2", 0.465m, "USDT", "o-2")],
            import.Set.Fills.OrderBy(f => f.Id, StringComparer.Ordinal).Select(f => (f.Id, f.Fee, f.FeeCurrency, f.OrderId)));
        Assert.Empty(import.Set.Rejections);
    }

    [Theory]
    [InlineData("\"fee\": 0.25, \"commissionAsset\": \"BNB\"", 0.25, "BNB")]
    [InlineData("\"commission\": \"0.25\"", 0.25, "USD")]
    [InlineData("\"fee\": null", 0, "USD")]
    public void a_fee_written_as_a_number_is_read_with_its_currency(string fee, decimal amount, string currency)
    {
        var fill = Assert.Single(Read(Trade(fee)).Set.Fills);

        Assert.Equal((amount, currency), (fill.Fee, fill.FeeCurrency));
    }

    [Theory]
    [InlineData("\"fee\": \"abc\"", "fee \"abc\" is not a number")]
    [InlineData("\"fee\": {\"rate\": 0.001}", "a fee must be {\"cost\", \"currency\"}")]
    [InlineData("\"fees\": [{\"cost\": 0.1, \"currency\": \"USD\"}, {\"cost\": 0.001, \"currency\": \"BNB\"}]", "fees are in USD and BNB")]
    public void a_fee_that_cannot_be_read_refuses_its_trade_naming_it(string fee, string expected)
    {
        var import = Read(Trade(fee));

        Assert.Empty(import.Set.Fills);
        var rejection = Assert.Single(import.Set.Rejections);
        Assert.StartsWith("invalid_fee: ", rejection.Reason, StringComparison.Ordinal);
        Assert.Contains(expected, rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void a_trade_worth_more_than_tradebook_records_is_rejected_alone()
    {
        var import = Read(Trade("\"fee\": 0").Replace("\"amount\": 0.1", "\"amount\": 1e27", StringComparison.Ordinal), Trade("\"fee\": 1").Replace("t-1", "t-2", StringComparison.Ordinal));

        Assert.Equal("t-2", Assert.Single(import.Set.Fills).Id);
        Assert.StartsWith("value_out_of_range: ", Assert.Single(import.Set.Rejections).Reason, StringComparison.Ordinal);
    }

    private static string Trade(string fee) =>
        $$"""{"id": "t-1", "timestamp": "2024-01-02T10:00:00Z", "symbol": "BTCUSD", "side": "buy", "amount": 0.1, "price": 42000, {{fee}}}""";
}
