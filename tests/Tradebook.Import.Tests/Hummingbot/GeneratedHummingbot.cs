using System.Globalization;
using System.Text;
using Tradebook.Import.Tests.GenericTrades;

namespace Tradebook.Import.Tests.Hummingbot;

/// <summary>
/// A hummingbot database in its TradeFill, Order and OrderStatus layout (prices and amounts as integers × 10^6),
/// generated: two configs on two markets, fills in time order, every 50th fill at a price truncated to 0, every 40th
/// without its order row, and every 30th order without a fill (its side only in its statuses).
/// </summary>
internal static class GeneratedHummingbot
{
    public static ScratchDatabase Create(int fills)
    {
        var sql = new StringBuilder("""
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
            BEGIN;

            """);
        var random = new Random(5);
        for (var i = 0; i < fills; i++)
        {
            var (config, market) = i % 2 == 0 ? ("conf_a.yml", "kucoin") : ("conf_b.yml", "binance_paper_trade");
            var (asset, price) = i % 3 == 0 ? ("BTC", 60_000_000_000L + random.Next(1_000_000_000)) : ("ETH", 3_000_000_000L + random.Next(100_000_000));
            price = i % 50 == 7 ? 0 : price;
            var sell = random.Next(2) == 0;
            var amount = random.Next(1, 2_000_000);
            var time = 1_700_000_000_000L + (i * 1000L);
            var order = $"o-{i:00000}";
            if (i % 40 != 3)
            {
                sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO \"Order\" VALUES ('{order}', '{config}', 'pure_market_making', '{market}', '{asset}-USDT', '{asset}', 'USDT', {time}, 'LIMIT', {amount}, 1, {price}, 'filled', {time}, 'x{i}', NULL);\n");
                sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO OrderStatus (order_id, timestamp, status) VALUES ('{order}', {time}, '{(sell ? "Sell" : "Buy")}OrderCreated');\n");
            }

            sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO TradeFill VALUES ('{config}', 'pure_market_making', '{market}', '{asset}-USDT', '{asset}', 'USDT', {time}, '{order}', '{(sell ? "SELL" : "BUY")}', 'LIMIT', {price}, {amount}, 1, '{{\"percent\": \"0.001\", \"flat_fees\": []}}', 't-{i:00000}', NULL);\n");
            if (i % 30 == 11)
            {
                sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO \"Order\" VALUES ('unfilled-{i}', '{config}', 'pure_market_making', '{market}', '{asset}-USDT', '{asset}', 'USDT', {time}, 'LIMIT', {amount}, 1, {price}, 'cancelled', {time}, NULL, NULL);\n");
                sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO OrderStatus (order_id, timestamp, status) VALUES ('unfilled-{i}', {time}, 'SellOrderCreated');\n");
            }
        }

        sql.Append("COMMIT;");
        return new ScratchDatabase(sql.ToString());
    }
}
