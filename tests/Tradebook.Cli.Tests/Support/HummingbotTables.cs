namespace Tradebook.Cli.Tests.Support;

/// <summary>Hummingbot's TradeFill, Order and OrderStatus tables as its databases hold them (prices and amounts as integers × 10^6).</summary>
public static class HummingbotTables
{
    public const string Create = """
        CREATE TABLE "TradeFill" (
            config_file_path TEXT NOT NULL, strategy TEXT NOT NULL, market TEXT NOT NULL, symbol TEXT NOT NULL,
            base_asset TEXT NOT NULL, quote_asset TEXT NOT NULL, timestamp INTEGER NOT NULL, order_id TEXT NOT NULL,
            trade_type TEXT NOT NULL, order_type TEXT NOT NULL, price BIGINT NOT NULL, amount BIGINT NOT NULL,
            leverage INTEGER NOT NULL, trade_fee JSON NOT NULL, exchange_trade_id TEXT NOT NULL, position TEXT,
            PRIMARY KEY (market, order_id, exchange_trade_id));
        CREATE TABLE "Order" (
            id TEXT NOT NULL, config_file_path TEXT NOT NULL, strategy TEXT NOT NULL, market TEXT NOT NULL, symbol TEXT NOT NULL,
            base_asset TEXT NOT NULL, quote_asset TEXT NOT NULL, creation_timestamp BIGINT NOT NULL, order_type TEXT NOT NULL, amount BIGINT NOT NULL,
            leverage INTEGER NOT NULL, price BIGINT NOT NULL, last_status TEXT NOT NULL, last_update_timestamp BIGINT NOT NULL, exchange_order_id TEXT, position TEXT);
        CREATE TABLE "OrderStatus" (id INTEGER PRIMARY KEY, order_id TEXT NOT NULL, timestamp BIGINT NOT NULL, status TEXT NOT NULL);
        """;
}
