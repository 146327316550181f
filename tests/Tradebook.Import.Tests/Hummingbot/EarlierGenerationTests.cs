using Tradebook.Core.Domain;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Hummingbot;
using Tradebook.Import.Tests.GenericTrades;

namespace Tradebook.Import.Tests.Hummingbot;

/// <summary>
/// Hummingbot databases of the years before its fee rewrite (2019 to early 2022): an integer id on TradeFill, prices
/// and amounts as floats, fees as <c>{"percent": 0.001, "flat_fees": [{"asset": "BNB", "amount": 0.0005}]}</c>
/// (<c>"symbol"</c> instead of <c>"asset"</c> in 2019). Their flat fees, the whole fee of a Binance fill, were read
/// as zero: only the later <c>"token"</c> was known. And a fee that is not an object stopped the import.
/// </summary>
public sealed class EarlierGenerationTests
{
    private const string Schema = """
        CREATE TABLE "Order" (
            id TEXT NOT NULL, config_file_path TEXT NOT NULL, strategy TEXT NOT NULL, market TEXT NOT NULL, symbol TEXT NOT NULL,
            base_asset TEXT NOT NULL, quote_asset TEXT NOT NULL, creation_timestamp BIGINT NOT NULL, order_type TEXT NOT NULL,
            amount FLOAT NOT NULL, leverage INTEGER NOT NULL, price FLOAT NOT NULL, last_status TEXT NOT NULL,
            last_update_timestamp BIGINT NOT NULL, exchange_order_id TEXT, position TEXT, PRIMARY KEY (id));
        CREATE TABLE "OrderStatus" (
            id INTEGER NOT NULL, order_id TEXT NOT NULL, timestamp BIGINT NOT NULL, status TEXT NOT NULL, PRIMARY KEY (id),
            FOREIGN KEY(order_id) REFERENCES "Order" (id));
        CREATE TABLE "TradeFill" (
            id INTEGER NOT NULL, config_file_path TEXT NOT NULL, strategy TEXT NOT NULL, market TEXT NOT NULL, symbol TEXT NOT NULL,
            base_asset TEXT NOT NULL, quote_asset TEXT NOT NULL, timestamp BIGINT NOT NULL, order_id TEXT NOT NULL,
            trade_type TEXT NOT NULL, order_type TEXT NOT NULL, price FLOAT NOT NULL, amount FLOAT NOT NULL,
            leverage INTEGER NOT NULL, trade_fee JSON NOT NULL, exchange_trade_id TEXT NOT NULL, position TEXT, PRIMARY KEY (id),
            FOREIGN KEY(order_id) REFERENCES "Order" (id));
        """;

    [Theory]
    [InlineData("""{"percent": 0.0, "flat_fees": [{"asset": "BNB", "amount": 0.00075}]}""", 0.00075, "BNB")]
    [InlineData("""{"percent": 0.0, "flat_fees": [{"symbol": "ETH", "amount": 0.002}]}""", 0.002, "ETH")]
    [InlineData("""{"percent": 0.001, "flat_fees": []}""", 0.3, "USDT")]
    [InlineData("""{"fee_type": "AddedToCost", "percent": "0", "percent_token": null, "flat_fees": [{"token": "BNB", "amount": "0.00075"}]}""", 0.00075, "BNB")]
    public void a_fill_s_fee_is_read_as_each_generation_wrote_it(string tradeFee, decimal fee, string currency)
    {
        using var database = Fill(tradeFee);

        var fill = Assert.Single(new HummingbotReader().Read(database.Path, new ImportOptions()).Fills);

        Assert.Equal((fee, currency), (fill.Fee, fill.FeeCurrency));
        Assert.Equal((0.1m, 3000m), (fill.Quantity, fill.Price));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("5")]
    [InlineData("\"0.001\"")]
    [InlineData("""{"percent": [1], "flat_fees": {"asset": "BNB"}}""")]
    [InlineData("""{"percent": 1e400, "flat_fees": [1, "BNB", {"asset": 5, "amount": "x"}, {"asset": "BNB", "amount": null}]}""")]
    [InlineData("{\"percent\": 0.001")]
    public void a_fee_that_cannot_be_read_is_recorded_as_zero_with_a_warning_and_the_fill_is_kept(string tradeFee)
    {
        using var database = Fill(tradeFee);

        var set = new HummingbotReader().Read(database.Path, new ImportOptions());

        var fill = Assert.Single(set.Fills);
        Assert.Equal(0m, fill.Fee);
        Assert.Contains(set.Warnings, w => w.Contains("fee recorded as zero", StringComparison.Ordinal));
    }

    private static ScratchDatabase Fill(string tradeFee) => new(Schema + $"""

        INSERT INTO "Order" VALUES ('buy-1', 'conf_pmm_1.yml', 'pure_market_making', 'binance', 'ETH-USDT', 'ETH', 'USDT',
            1580000000000, 'LIMIT', 0.1, 1, 3000.0, 'BuyOrderCompleted', 1580000001000, '123', NULL);
        INSERT INTO "OrderStatus" VALUES (1, 'buy-1', 1580000000000, 'BuyOrderCreated');
        INSERT INTO "TradeFill" VALUES (1, 'conf_pmm_1.yml', 'pure_market_making', 'binance', 'ETH-USDT', 'ETH', 'USDT',
            1580000001000, 'buy-1', 'BUY', 'LIMIT', 3000.0, 0.1, 1, '{tradeFee.Replace("'", "''", StringComparison.Ordinal)}', '987654', NULL);
        """);

    [Fact]
    public void the_first_weeks_database_without_exchange_trade_ids_is_read_by_its_rows()
    {
        // June 2019: TradeFill had no exchange_trade_id yet, and prices were NUMERIC; the database was not recognised.
        using var database = new ScratchDatabase("""
            CREATE TABLE "Order" (
                id TEXT NOT NULL, config_file_path TEXT NOT NULL, strategy TEXT NOT NULL, market TEXT NOT NULL, symbol TEXT NOT NULL,
                base_asset TEXT NOT NULL, quote_asset TEXT NOT NULL, creation_timestamp BIGINT NOT NULL, order_type TEXT NOT NULL,
                amount NUMERIC(65, 18) NOT NULL, price NUMERIC(65, 18) NOT NULL, last_status TEXT NOT NULL, last_update_timestamp BIGINT NOT NULL,
                PRIMARY KEY (id));
            CREATE TABLE "OrderStatus" (id INTEGER NOT NULL, order_id TEXT NOT NULL, timestamp BIGINT NOT NULL, status TEXT NOT NULL, PRIMARY KEY (id));
            CREATE TABLE "TradeFill" (
                id INTEGER NOT NULL, config_file_path TEXT NOT NULL, strategy TEXT NOT NULL, market TEXT NOT NULL, symbol TEXT NOT NULL,
                base_asset TEXT NOT NULL, quote_asset TEXT NOT NULL, timestamp BIGINT NOT NULL, order_id TEXT NOT NULL,
                trade_type TEXT NOT NULL, order_type TEXT NOT NULL, price NUMERIC(65, 18) NOT NULL, amount NUMERIC(65, 18) NOT NULL,
                trade_fee JSON NOT NULL, PRIMARY KEY (id));
            INSERT INTO "Order" VALUES ('buy-1', 'conf_pmm_0.yml', 'pure_market_making', 'binance', 'ETHUSDT', 'ETH', 'USDT',
                1560000000000, 'LIMIT', 0.5, 250, 'BuyOrderCompleted', 1560000001000);
            INSERT INTO "Order" VALUES ('sell-1', 'conf_pmm_0.yml', 'pure_market_making', 'binance', 'ETHUSDT', 'ETH', 'USDT',
                1560000100000, 'LIMIT', 0.5, 260, 'SellOrderCompleted', 1560000101000);
            INSERT INTO "TradeFill" VALUES (1, 'conf_pmm_0.yml', 'pure_market_making', 'binance', 'ETHUSDT', 'ETH', 'USDT',
                1560000001000, 'buy-1', 'BUY', 'LIMIT', 250, 0.5, '{"percent": 0.001, "flat_fees": []}');
            INSERT INTO "TradeFill" VALUES (2, 'conf_pmm_0.yml', 'pure_market_making', 'binance', 'ETHUSDT', 'ETH', 'USDT',
                1560000101000, 'sell-1', 'SELL', 'LIMIT', 260, 0.5, '{"percent": 0.001, "flat_fees": [{"symbol": "BNB", "amount": 0.0003}]}');
            """);

        Assert.True(new HummingbotReader().CanRead(database.Path));
        var set = new HummingbotReader().Read(database.Path, new ImportOptions());

        Assert.Equal(
            [("TradeFill.id=1", Side.Buy, 250m, 0.125m, "USDT", "buy-1"), ("TradeFill.id=2", Side.Sell, 260m, 0.13m, "USDT", "sell-1")],
            set.Fills.Select(f => (f.Id, f.Side, f.Price, f.Fee, f.FeeCurrency, f.OrderId)));
        Assert.Equal([Side.Buy, Side.Sell], set.Orders.Select(o => o.Side));
        Assert.Contains(set.Warnings, w => w.Contains("only the first is recorded", StringComparison.Ordinal));
    }
}
