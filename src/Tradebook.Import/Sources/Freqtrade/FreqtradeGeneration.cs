namespace Tradebook.Import.Sources.Freqtrade;

/// <summary>Which generation of freqtrade's schema a database has, told from its tables and columns.</summary>
internal static class FreqtradeGeneration
{
    /// <summary>
    /// A freqtrade database: a <c>trades</c> table with the columns every generation has had.
    /// </summary>
    public static bool IsFreqtrade(SqliteSchema schema) =>
        schema.HasAll("trades", "id", "exchange", "pair", "is_open", "open_rate", "close_rate", "close_profit_abs", "stake_amount", "amount", "open_date", "fee_open", "fee_close");

    /// <summary>
    /// Each generation is recognised by the newest feature it has: <c>record_version</c> (2024-2025),
    /// <c>max_stake_amount</c> (2023), futures columns <c>trading_mode</c>/<c>is_short</c> (2022),
    /// an <c>orders</c> table (2021), none of these (2020 and before, with <c>ticker_interval</c>).
    /// </summary>
    public static string Describe(SqliteSchema schema)
    {
        if (schema.Has("trades", "record_version"))
        {
            return "freqtrade-2025 (record_version)";
        }

        if (schema.Has("trades", "max_stake_amount"))
        {
            return "freqtrade-2023 (max_stake_amount)";
        }

        if (schema.Has("trades", "trading_mode") || schema.Has("trades", "is_short"))
        {
            return "freqtrade-2022 (futures: trading_mode, leverage, is_short)";
        }

        if (schema.HasTable("orders"))
        {
            return "freqtrade-2021 (orders table)";
        }

        return schema.Has("trades", "ticker_interval")
            ? "freqtrade-2020 (no orders table, ticker_interval)"
            : "freqtrade-2020 (no orders table)";
    }

    /// <summary>
    /// Columns freqtrade added to <c>trades</c> after it began keeping orders (2021): futures (2022), the stake cap
    /// (2023), record versions (2024), exit and entry tags, realized profit. A <c>trades</c> table with any of them was
    /// written by a freqtrade that keeps every order, so its database must have an <c>orders</c> table.
    /// </summary>
    private static readonly string[] ColumnsAfterOrders =
        ["record_version", "max_stake_amount", "trading_mode", "is_short", "leverage", "funding_fees", "realized_profit", "exit_reason", "enter_tag", "buy_tag", "amount_precision"];

    /// <summary>The tables this database's generation has that the file lacks, with what the import loses without each.</summary>
    public static IEnumerable<MissingTable> Missing(SqliteSchema schema)
    {
        if (!schema.HasTable("orders") && ColumnsAfterOrders.FirstOrDefault(c => schema.Has("trades", c)) is { } marker)
        {
            yield return new MissingTable(
                "orders",
                $"freqtrade has kept every order in it since 2021, and this database's trades table is of a later generation (it has {marker})",
                "every order, and the fills freqtrade keeps in them: each trade's fills were made from its own row instead "
                + "(one entry at open_rate, one exit at close_rate), so partial entries and exits, the prices they filled at and "
                + "fees taken in the coin are lost, and no order is imported");
        }
    }
}
