using Microsoft.Data.Sqlite;

namespace Tradebook.Import.Sources.Freqtrade;

/// <summary>Loads freqtrade's trades and orders, whatever the generation: missing columns read as NULL.</summary>
internal static class FreqtradeTables
{
    public static List<FreqtradeTrade> LoadTrades(SqliteConnection connection, SqliteSchema schema)
    {
        string C(string column) => schema.ColumnOrNull("trades", column);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT id, exchange, pair, {C("strategy")} AS strategy, {C("stake_currency")} AS stake_currency,
                   is_open, {C("is_short")} AS is_short, amount, open_rate, close_rate, open_date, close_date,
                   fee_open, fee_close, {C("fee_open_cost")} AS fee_open_cost, {C("fee_open_currency")} AS fee_open_currency,
                   {C("fee_close_cost")} AS fee_close_cost, {C("fee_close_currency")} AS fee_close_currency,
                   close_profit_abs, {C("realized_profit")} AS realized_profit, {C("funding_fees")} AS funding_fees,
                   {C("open_order_id")} AS open_order_id, {C("stoploss_order_id")} AS stoploss_order_id,
                   {C("amount_precision")} AS amount_precision, {C("precision_mode")} AS precision_mode, {C("contract_size")} AS contract_size
            FROM trades
            ORDER BY id
            """;
        using var reader = command.ExecuteReader();
        var trades = new List<FreqtradeTrade>();
        while (reader.Read())
        {
            trades.Add(new FreqtradeTrade(
                reader.GetInt64(reader.GetOrdinal("id")),
                reader.Text("exchange") ?? "unknown",
                reader.Text("pair") ?? "unknown",
                reader.Text("strategy"),
                reader.Text("stake_currency"),
                reader.Bool("is_open"),
                reader.Bool("is_short"),
                reader.Decimal("amount"),
                reader.Decimal("open_rate"),
                reader.Decimal("close_rate"),
                reader.Time("open_date") ?? DateTimeOffset.UnixEpoch,
                reader.Time("close_date"),
                reader.Decimal("fee_open") ?? 0,
                reader.Decimal("fee_close") ?? 0,
                reader.Decimal("fee_open_cost"),
                reader.Text("fee_open_currency"),
                reader.Decimal("fee_close_cost"),
                reader.Text("fee_close_currency"),
                reader.Decimal("close_profit_abs"),
                reader.Decimal("realized_profit"),
                reader.Decimal("funding_fees"),
                reader.Text("open_order_id"),
                reader.Text("stoploss_order_id"),
                reader.Decimal("amount_precision"),
                reader.Decimal("precision_mode"),
                reader.Decimal("contract_size")));
        }

        return trades;
    }

    public static List<FreqtradeOrder> LoadOrders(SqliteConnection connection, SqliteSchema schema)
    {
        if (!schema.HasAll("orders", "id", "ft_trade_id", "ft_order_side", "ft_pair", "order_id"))
        {
            return [];
        }

        string C(string column) => schema.ColumnOrNull("orders", column);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT id, ft_trade_id, ft_order_side, ft_pair, order_id, {C("status")} AS status,
                   {C("order_type")} AS order_type, {C("side")} AS side, {C("price")} AS price, {C("average")} AS average,
                   {C("amount")} AS amount, {C("filled")} AS filled, {C("cost")} AS cost,
                   {C("order_date")} AS order_date, {C("order_filled_date")} AS order_filled_date,
                   {C("order_update_date")} AS order_update_date, {C("ft_fee_base")} AS ft_fee_base
            FROM orders
            ORDER BY id
            """;
        using var reader = command.ExecuteReader();
        var orders = new List<FreqtradeOrder>();
        while (reader.Read())
        {
            orders.Add(new FreqtradeOrder(
                reader.GetInt64(reader.GetOrdinal("id")),
                reader.Long("ft_trade_id"),
                reader.Text("ft_order_side") ?? string.Empty,
                reader.Text("ft_pair") ?? "unknown",
                reader.Text("order_id") ?? string.Empty,
                reader.Text("status"),
                reader.Text("order_type"),
                reader.Text("side"),
                reader.Decimal("price"),
                reader.Decimal("average"),
                reader.Decimal("amount"),
                reader.Decimal("filled"),
                reader.Decimal("cost"),
                reader.Time("order_date"),
                reader.Time("order_filled_date"),
                reader.Time("order_update_date"),
                reader.Decimal("ft_fee_base")));
        }

        return orders;
    }
}
