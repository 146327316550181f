using Microsoft.Data.Sqlite;

namespace Tradebook.Import.Sources.Freqtrade;

/// <summary>
/// Reads freqtrade's trades and orders, whatever the generation (missing columns read as NULL), as SQLite joins
/// them: each trade with its orders, in the order of their ids, one trade at a time, so that no list of every
/// trade or order is held.
/// </summary>
internal static class FreqtradeTables
{
    /// <summary>True when the database has an orders table freqtrade's reader understands.</summary>
    public static bool HasOrders(SqliteSchema schema) => schema.HasAll("orders", "id", "ft_trade_id", "ft_order_side", "ft_pair", "order_id");

    /// <summary>Every trade in the order of its id, each with its orders in the order of theirs.</summary>
    public static IEnumerable<(FreqtradeTrade Trade, List<FreqtradeOrder> Orders)> TradesWithOrders(SqliteConnection connection, SqliteSchema schema)
    {
        var withOrders = HasOrders(schema);
        using var command = connection.CreateCommand();
        command.CommandText = withOrders
            ? $"""
                SELECT {TradeColumns(schema)}, {OrderColumns(schema)}
                FROM trades t LEFT JOIN orders o ON o.ft_trade_id = t.id
                ORDER BY t.id, o.id
                """
            : $"SELECT {TradeColumns(schema)} FROM trades t ORDER BY t.id";
        using var reader = command.ExecuteReader();
        FreqtradeTrade? trade = null;
        var orders = new List<FreqtradeOrder>();
        while (reader.Read())
        {
            var id = reader.GetInt64(reader.GetOrdinal("id"));
            if (trade is null || trade.Id != id)
            {
                if (trade is not null)
                {
                    yield return (trade, orders);
                }

                (trade, orders) = (ReadTrade(reader), []);
            }

            if (withOrders && !reader.IsDBNull(reader.GetOrdinal("o_id")))
            {
                orders.Add(ReadOrder(reader));
            }
        }

        if (trade is not null)
        {
            yield return (trade, orders);
        }
    }

    /// <summary>Orders whose <c>ft_trade_id</c> names no stored trade, in the order of their ids.</summary>
    public static IEnumerable<FreqtradeOrder> OrphanOrders(SqliteConnection connection, SqliteSchema schema)
    {
        if (!HasOrders(schema))
        {
            yield break;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {OrderColumns(schema)}
            FROM orders o LEFT JOIN trades t ON t.id = o.ft_trade_id
            WHERE t.id IS NULL
            ORDER BY o.id
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return ReadOrder(reader);
        }
    }

    /// <summary>How many orders the database holds.</summary>
    public static long CountOrders(SqliteConnection connection, SqliteSchema schema)
    {
        if (!HasOrders(schema))
        {
            return 0;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM orders";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// True when any order id, or a trade's open or stoploss order id, starts with <c>dry_run</c> (in any case):
    /// freqtrade names its simulated orders so.
    /// </summary>
    public static bool AnyDryRunId(SqliteConnection connection, SqliteSchema schema)
    {
        string T(string column) => schema.ColumnOrNull("trades", column);
        const string Prefix = "lower(substr(CAST({0} AS TEXT), 1, 7)) = 'dry_run'";
        var orders = HasOrders(schema) ? $"EXISTS (SELECT 1 FROM orders WHERE {string.Format(System.Globalization.CultureInfo.InvariantCulture, Prefix, "order_id")})" : "0";
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {orders} OR EXISTS (SELECT 1 FROM trades WHERE {string.Format(System.Globalization.CultureInfo.InvariantCulture, Prefix, T("open_order_id"))}
                                       OR {string.Format(System.Globalization.CultureInfo.InvariantCulture, Prefix, T("stoploss_order_id"))})
            """;
        return (long)command.ExecuteScalar()! != 0;
    }

    /// <summary>The strategies and exchanges of the trades, each pair once.</summary>
    public static List<(string Strategy, string Exchange)> Groups(SqliteConnection connection, SqliteSchema schema)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT DISTINCT {schema.ColumnOrNull("trades", "strategy")} AS strategy, exchange FROM trades";
        using var reader = command.ExecuteReader();
        var groups = new List<(string, string)>();
        while (reader.Read())
        {
            groups.Add((reader.Text("strategy") ?? "unknown", reader.Text("exchange") ?? "unknown"));
        }

        return groups.Distinct().ToList();
    }

    /// <summary>
    /// Order ids that do not name one order of one strategy and exchange: empty ones, and ids held by several orders
    /// of the same strategy and exchange (exchange ids are unique per market, not per bot).
    /// </summary>
    public static HashSet<(string Strategy, string Exchange, string OrderId)> RepeatedOrderIds(SqliteConnection connection, SqliteSchema schema)
    {
        var repeated = new HashSet<(string, string, string)>();
        if (!HasOrders(schema))
        {
            return repeated;
        }

        var strategy = schema.Has("trades", "strategy") ? "t.strategy" : "NULL";
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {strategy} AS strategy, t.exchange AS exchange, o.order_id AS order_id
            FROM orders o JOIN trades t ON t.id = o.ft_trade_id
            GROUP BY 1, 2, CAST(o.order_id AS TEXT)
            HAVING COUNT(*) > 1 OR COALESCE(CAST(o.order_id AS TEXT), '') = ''
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            repeated.Add((reader.Text("strategy") ?? "unknown", reader.Text("exchange") ?? "unknown", reader.Text("order_id") ?? string.Empty));
        }

        return repeated;
    }

    private static string TradeColumns(SqliteSchema schema)
    {
        string C(string column) => schema.Has("trades", column) ? $"t.\"{column}\"" : "NULL";
        return $"""
            t.id AS id, t.exchange AS exchange, t.pair AS pair, {C("strategy")} AS strategy, {C("stake_currency")} AS stake_currency,
            t.is_open AS is_open, {C("is_short")} AS is_short, t.amount AS amount, t.open_rate AS open_rate, t.close_rate AS close_rate,
            t.open_date AS open_date, t.close_date AS close_date, t.fee_open AS fee_open, t.fee_close AS fee_close,
            {C("fee_open_cost")} AS fee_open_cost, {C("fee_open_currency")} AS fee_open_currency,
            {C("fee_close_cost")} AS fee_close_cost, {C("fee_close_currency")} AS fee_close_currency,
            t.close_profit_abs AS close_profit_abs, {C("realized_profit")} AS realized_profit, {C("funding_fees")} AS funding_fees,
            {C("open_order_id")} AS open_order_id, {C("stoploss_order_id")} AS stoploss_order_id,
            {C("amount_precision")} AS amount_precision, {C("precision_mode")} AS precision_mode, {C("contract_size")} AS contract_size
            """;
    }

    private static string OrderColumns(SqliteSchema schema)
    {
        string C(string column) => schema.Has("orders", column) ? $"o.\"{column}\"" : "NULL";
        return $"""
            o.id AS o_id, o.ft_trade_id AS o_ft_trade_id, o.ft_order_side AS o_ft_order_side, o.ft_pair AS o_ft_pair, o.order_id AS o_order_id,
            {C("status")} AS o_status, {C("order_type")} AS o_order_type, {C("side")} AS o_side, {C("price")} AS o_price,
            {C("average")} AS o_average, {C("amount")} AS o_amount, {C("filled")} AS o_filled, {C("cost")} AS o_cost,
            {C("order_date")} AS o_order_date, {C("order_filled_date")} AS o_order_filled_date,
            {C("order_update_date")} AS o_order_update_date, {C("ft_fee_base")} AS o_ft_fee_base
            """;
    }

    private static FreqtradeTrade ReadTrade(SqliteDataReader reader) => new(
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
        reader.Decimal("contract_size"));

    private static FreqtradeOrder ReadOrder(SqliteDataReader reader) => new(
        reader.GetInt64(reader.GetOrdinal("o_id")),
        reader.Long("o_ft_trade_id"),
        reader.Text("o_ft_order_side") ?? string.Empty,
        reader.Text("o_ft_pair") ?? "unknown",
        reader.Text("o_order_id") ?? string.Empty,
        reader.Text("o_status"),
        reader.Text("o_order_type"),
        reader.Text("o_side"),
        reader.Decimal("o_price"),
        reader.Decimal("o_average"),
        reader.Decimal("o_amount"),
        reader.Decimal("o_filled"),
        reader.Decimal("o_cost"),
        reader.Time("o_order_date"),
        reader.Time("o_order_filled_date"),
        reader.Time("o_order_update_date"),
        reader.Decimal("o_ft_fee_base"));
}
