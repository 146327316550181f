using Microsoft.Data.Sqlite;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources.Hummingbot;

internal sealed record HummingbotFill(
    string Config, string Strategy, string Market, string Symbol, string Base, string Quote, DateTimeOffset Timestamp,
    string OrderId, Side Side, decimal Price, decimal Quantity, string TradeFee, string ExchangeTradeId)
{
    public string SourceRef => $"TradeFill.exchange_trade_id={ExchangeTradeId}";
}

internal sealed record HummingbotOrder(
    string Id, string Config, string Strategy, string Market, string Symbol, DateTimeOffset CreatedAt, string Type,
    decimal Amount, decimal Price, string Status, string? ExchangeOrderId, Side? SideFromStatus);

internal static class HummingbotTables
{
    /// <summary>Symbols as Tradebook writes them, BASE/QUOTE, from hummingbot's own base and quote columns.</summary>
    private static string SymbolOf(string baseAsset, string quoteAsset) => $"{baseAsset.ToUpperInvariant()}/{quoteAsset.ToUpperInvariant()}";

    /// <summary>
    /// The fills in market order, read one row at a time: a reader may walk them more than once, and holds none.
    /// Without <paramref name="scaling"/> (a walk for keys only) price and amount are left 0, and the scaling's
    /// account of the precision lost counts each value once.
    /// </summary>
    public static IEnumerable<HummingbotFill> Fills(SqliteConnection connection, HummingbotScaling? scaling)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT config_file_path, strategy, market, symbol, base_asset, quote_asset, timestamp, order_id, trade_type,
                   price, amount, trade_fee, exchange_trade_id
            FROM TradeFill
            ORDER BY timestamp, exchange_trade_id
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var baseAsset = reader.Text("base_asset") ?? "?";
            var quoteAsset = reader.Text("quote_asset") ?? "?";
            yield return new HummingbotFill(
                reader.Text("config_file_path") ?? string.Empty,
                reader.Text("strategy") ?? "unknown",
                reader.Text("market") ?? "unknown",
                SymbolOf(baseAsset, quoteAsset),
                baseAsset.ToUpperInvariant(),
                quoteAsset.ToUpperInvariant(),
                SqliteValues.FromEpoch(reader.Long("timestamp") ?? 0),
                reader.Text("order_id") ?? string.Empty,
                string.Equals(reader.Text("trade_type"), "SELL", StringComparison.OrdinalIgnoreCase) ? Side.Sell : Side.Buy,
                scaling?.Convert(reader.Text("price") ?? "0") ?? 0,
                scaling?.Convert(reader.Text("amount") ?? "0") ?? 0,
                reader.Text("trade_fee") ?? "{}",
                reader.Text("exchange_trade_id") ?? string.Empty);
        }
    }

    /// <summary>
    /// The sides the orders' statuses name (<c>BuyOrderCreated</c>, <c>SellOrderCompleted</c>), by order id: the
    /// Order table has no side of its own. The last such status of an order wins.
    /// </summary>
    public static Dictionary<string, Side> StatusSides(SqliteConnection connection, SqliteSchema schema)
    {
        var sides = new Dictionary<string, Side>(StringComparer.Ordinal);
        if (schema.HasAll("OrderStatus", "order_id", "status"))
        {
            using var statusCommand = connection.CreateCommand();
            statusCommand.CommandText = """SELECT order_id, status FROM OrderStatus ORDER BY id""";
            using var statusReader = statusCommand.ExecuteReader();
            while (statusReader.Read())
            {
                var status = statusReader.Text("status") ?? string.Empty;
                if (status.StartsWith("Buy", StringComparison.OrdinalIgnoreCase) || status.StartsWith("Sell", StringComparison.OrdinalIgnoreCase))
                {
                    sides[statusReader.Text("order_id") ?? string.Empty] = status.StartsWith("Buy", StringComparison.OrdinalIgnoreCase) ? Side.Buy : Side.Sell;
                }
            }
        }

        return sides;
    }

    /// <summary>
    /// The orders in the order they were created, read one row at a time, each with the side its statuses name
    /// (<see cref="StatusSides"/>). Without <paramref name="scaling"/>, as for <see cref="Fills"/>, amount and price are left 0.
    /// </summary>
    public static IEnumerable<HummingbotOrder> Orders(SqliteConnection connection, SqliteSchema schema, HummingbotScaling? scaling, IReadOnlyDictionary<string, Side> sides)
    {
        string C(string column) => schema.ColumnOrNull("Order", column);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT id, {C("config_file_path")} AS config_file_path, {C("strategy")} AS strategy, market, symbol,
                   {C("base_asset")} AS base_asset, {C("quote_asset")} AS quote_asset, creation_timestamp,
                   {C("order_type")} AS order_type, amount, price,
                   {C("last_status")} AS last_status, {C("exchange_order_id")} AS exchange_order_id
            FROM "Order"
            ORDER BY creation_timestamp, id
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.Text("id") ?? string.Empty;
            var symbol = reader.Text("base_asset") is { } b && reader.Text("quote_asset") is { } q
                ? SymbolOf(b, q)
                : Symbol.Parse(reader.Text("symbol") ?? "?").Text;
            yield return new HummingbotOrder(
                id,
                reader.Text("config_file_path") ?? string.Empty,
                reader.Text("strategy") ?? "unknown",
                reader.Text("market") ?? "unknown",
                symbol,
                SqliteValues.FromEpoch(reader.Long("creation_timestamp") ?? 0),
                reader.Text("order_type") ?? "unknown",
                scaling?.Convert(reader.Text("amount") ?? "0") ?? 0,
                scaling?.Convert(reader.Text("price") ?? "0") ?? 0,
                reader.Text("last_status") ?? "unknown",
                reader.Text("exchange_order_id"),
                sides.TryGetValue(id, out var side) ? side : null);
        }
    }
}
