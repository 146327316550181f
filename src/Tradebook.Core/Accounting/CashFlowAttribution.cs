namespace Tradebook.Core.Accounting;

/// <summary>Which cash flows count in a product's P&amp;L.</summary>
public static class CashFlowAttribution
{
    /// <summary>
    /// A cash flow that names a product counts in its P&amp;L only when it is in the product's quote
    /// currency: any other currency would need a rate, and is kept out of P&amp;L rather than guessed.
    /// </summary>
    public static bool CountsInProduct(string flowCurrency, string quoteCurrency) => Currencies.Same(flowCurrency, quoteCurrency);
}
