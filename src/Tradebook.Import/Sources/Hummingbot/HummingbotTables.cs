using Microsoft.Data.Sqlite;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources.Hummingbot;

/// <param name="OrderKnown">Whether the Order table holds the fill's order.</param>
internal sealed record HummingbotFill(
    string Config, string Strategy, string Market, string Symbol, string Base, string Quote, DateTimeOffset Timestamp,
    string OrderId, Side Side, decimal Price, decimal Quantity, string TradeFee, string ExchangeTradeId, bool OrderKnown)
{
    /// <summary>The fill's place: its exchange trade id, or its row where hummingbot kept none (<see cref="HummingbotTables.TradeKey"/>).</summary>
    public string SourceRef => ExchangeTradeId.StartsWith(HummingbotTables.RowKey, StringComparison.Ordinal) ? ExchangeTradeId : $"TradeFill.exchange_trade_id={ExchangeTradeId}";
}

/// <param name="SideFromFill">The side of the order's first fill (time, then id), if it has one.</param>
/// <param name="SideFromStatus">The side its last status naming one says (<c>BuyOrderCreated</c>, <c>SellOrderCompleted</c>).</param>
internal sealed record HummingbotOrder(
    string Id, string Config, string Strategy, string Market, string Symbol, DateTimeOffset CreatedAt, string Type,
    decimal Amount, decimal Price, string Status, string? ExchangeOrderId, Side? SideFromFill, Side? SideFromStatus);

internal static class HummingbotTables
{
    /// <summary>How a fill is named where hummingbot kept no exchange trade id: by its row.</summary>
    public const string RowKey = "TradeFill.id=";

    /// <summary>
    /// What names a fill, as SQL over <c>TradeFill</c> aliased <paramref name="alias"/>: its exchange trade id, or, in the
    /// databases of hummingbot's first weeks (June 2019, before it kept one), its row id.
    /// </summary>
    public static string TradeKey(SqliteSchema schema, string alias) =>
        schema.Has("TradeFill", "exchange_trade_id") ? $"{alias}exchange_trade_id" : $"'{RowKey}' || {alias}id";

    /// <summary>Symbols as Tradebook writes them, BASE/QUOTE, from hummingbot's own base and quote columns.</summary>
    private static string SymbolOf(string baseAsset, string quoteAsset) => $"{baseAsset.ToUpperInvariant()}/{quoteAsset.ToUpperInvariant()}";

    /// <summary>
    /// The fills in market order, read one row at a time: a reader may walk them more than once, and holds none.
    /// Without <paramref name="scaling"/> (a walk for keys only) price and amount are left 0, and the scaling's
    /// account of the precision lost counts each value once. Whether each fill's order is in the Order table is
    /// asked of SQLite, which joins the two, rather than of a set of every order id.
    /// </summary>
    public static IEnumerable<HummingbotFill> Fills(SqliteConnection connection, SqliteSchema schema, HummingbotScaling? scaling)
    {
        using var command = connection.CreateCommand();
        var known = HasOrders(schema) ? "o.id IS NOT NULL" : "0";
        var orders = HasOrders(schema) ? """LEFT JOIN (SELECT DISTINCT id FROM "Order") o ON o.id = f.order_id""" : string.Empty;
        command.CommandText = $"""
            SELECT f.config_file_path, f.strategy, f.market, f.symbol, f.base_asset, f.quote_asset, f.timestamp, f.order_id, f.trade_type,
                   f.price, f.amount, f.trade_fee, {TradeKey(schema, "f.")} AS exchange_trade_id, {known} AS order_known
            FROM TradeFill f
            {orders}
            ORDER BY f.timestamp, {TradeKey(schema, "f.")}
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
                SideOf(reader.Text("trade_type") ?? string.Empty),
                scaling?.Convert(reader.Text("price") ?? "0") ?? 0,
                scaling?.Convert(reader.Text("amount") ?? "0") ?? 0,
                reader.Text("trade_fee") ?? "{}",
                reader.Text("exchange_trade_id") ?? string.Empty,
                reader.Long("order_known") == 1);
        }
    }

    /// <summary>Whether the Order table has what <see cref="Orders"/> reads.</summary>
    public static bool HasOrders(SqliteSchema schema) => schema.HasAll("Order", "id", "market", "symbol", "amount", "price", "creation_timestamp");

    /// <summary>
    /// The orders in the order they were created, read one row at a time. The Order table has no side: each order
    /// comes with the side of its first fill and the one its last status naming a side says (<c>BuyOrderCreated</c>,
    /// <c>SellOrderCompleted</c>). SQLite works both out, sorting on disk as it needs, rather than the reader keeping
    /// a side for every order id, which grew memory with the source. Without <paramref name="scaling"/>, as for
    /// <see cref="Fills"/>, amount and price are left 0.
    /// </summary>
    public static IEnumerable<HummingbotOrder> Orders(SqliteConnection connection, SqliteSchema schema, HummingbotScaling? scaling)
    {
        if (!HasOrders(schema))
        {
            yield break;
        }

        string C(string column) => schema.ColumnOrNull("Order", column);
        var statuses = schema.HasAll("OrderStatus", "id", "order_id", "status")
            ? """
              LEFT JOIN (
                  SELECT order_id, status FROM (
                      SELECT order_id, status, row_number() OVER (PARTITION BY order_id ORDER BY id DESC) AS latest
                      FROM OrderStatus
                      WHERE status LIKE 'buy%' OR status LIKE 'sell%')
                  WHERE latest = 1) st ON st.order_id = o.id
              """
            : "LEFT JOIN (SELECT NULL AS order_id, NULL AS status) st ON 0";
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT o.id, {C("config_file_path")} AS config_file_path, {C("strategy")} AS strategy, o.market, o.symbol,
                   {C("base_asset")} AS base_asset, {C("quote_asset")} AS quote_asset, o.creation_timestamp,
                   {C("order_type")} AS order_type, o.amount, o.price,
                   {C("last_status")} AS last_status, {C("exchange_order_id")} AS exchange_order_id,
                   ff.trade_type AS fill_side, st.status AS status_side
            FROM "Order" o
            LEFT JOIN (
                SELECT order_id, trade_type FROM (
                    SELECT order_id, trade_type, row_number() OVER (PARTITION BY order_id ORDER BY timestamp, {TradeKey(schema, "")}) AS first
                    FROM TradeFill)
                WHERE first = 1) ff ON ff.order_id = o.id
            {statuses}
            ORDER BY o.creation_timestamp, o.id
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
                reader.Text("fill_side") is { } fillSide ? SideOf(fillSide) : null,
                reader.Text("status_side") is { } status ? (status.StartsWith("Buy", StringComparison.OrdinalIgnoreCase) ? Side.Buy : Side.Sell) : null);
        }
    }

    private static Side SideOf(string tradeType) => string.Equals(tradeType, "SELL", StringComparison.OrdinalIgnoreCase) ? Side.Sell : Side.Buy;
}
