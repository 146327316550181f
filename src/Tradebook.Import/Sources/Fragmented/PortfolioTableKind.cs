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
        bool Has(params string[] names) => names.Any(c.Contains);

        if (Has("open") && Has("high") && Has("low") && Has("close") && Has("date", "timestamp", "time"))
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

        if (Has("symbol") && Has("currency") && Has("name") && !Has("quantity"))
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
