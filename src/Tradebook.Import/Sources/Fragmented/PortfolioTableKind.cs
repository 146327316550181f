namespace Tradebook.Import.Sources.Fragmented;

/// <summary>What a table of a portfolio app holds, judged by its columns alone.</summary>
internal enum PortfolioTableKind
{
    Other,
    Securities,
    Trades,
    CashFlows,
    Dividends,
    Snapshots,
    ExchangeRates,
    Positions,
    DailyPrices,
    Settings,
}

internal static class PortfolioTables
{
    public static PortfolioTableKind Classify(IReadOnlyCollection<string> c)
    {
        // Names compare without case or separators: OpenPrice, open_price and "Open Price" are one column.
        var keys = c.Select(PortfolioColumns.Key).ToHashSet(StringComparer.Ordinal);
        bool Has(params string[] names) => names.Any(n => keys.Contains(PortfolioColumns.Key(n)));

        if (Has(PortfolioColumns.PriceDate) && Has(PortfolioColumns.Open) && Has(PortfolioColumns.High) && Has(PortfolioColumns.Low) && Has(PortfolioColumns.Close))
        {
            return PortfolioTableKind.DailyPrices;
        }

        // A single price per day, and nothing a trade or a snapshot would also hold.
        if (Has(PortfolioColumns.PriceDate) && Has(PortfolioColumns.SinglePrice)
            && c.All(n => PortfolioColumns.Is(n, PortfolioColumns.PriceDate) || PortfolioColumns.Is(n, PortfolioColumns.SinglePrice) || PortfolioColumns.Is(n, PortfolioColumns.PriceExtras)))
        {
            return PortfolioTableKind.DailyPrices;
        }

        if (Has("symbol") && Has("side") && Has("quantity", "qty", "amount") && Has("price") && Has("executed_at", "timestamp", "date", "time"))
        {
            return PortfolioTableKind.Trades;
        }

        if (Has("cash_flow_id") && Has("symbol") && Has("amount"))
        {
            return PortfolioTableKind.Dividends;
        }

        if (Has("transaction_type", "type", "kind") && Has("amount") && Has("currency") && Has("date", "timestamp") && !Has("symbol"))
        {
            return PortfolioTableKind.CashFlows;
        }

        if (Has("from_currency", "base") && Has("to_currency", "quote") && Has("rate"))
        {
            return PortfolioTableKind.ExchangeRates;
        }

        if (Has("total_value", "equity") && Has("date", "timestamp") && !Has("symbol"))
        {
            return PortfolioTableKind.Snapshots;
        }

        if (Has(PortfolioColumns.Symbol) && Has(PortfolioColumns.Currency) && Has(PortfolioColumns.Name) && !Has("quantity", "qty", "amount", "side"))
        {
            return PortfolioTableKind.Securities;
        }

        if (Has("symbol") && Has("quantity") && Has("avg_price", "average_price", "cost_basis") && !Has("side"))
        {
            return PortfolioTableKind.Positions;
        }

        if (c.Count <= 3 && Has("key") && Has("value"))
        {
            return PortfolioTableKind.Settings;
        }

        return PortfolioTableKind.Other;
    }
}
