namespace Tradebook.Import.Reconciliation;

/// <summary>
/// Warnings a reader adds to an <see cref="ImportSet"/> about one reported trade, in a fixed form so
/// that reconciliation can recognise them when it explains a difference.
/// </summary>
public static class ReconciliationHints
{
    public static string NullCloseRate(string tradeSourceRef) =>
        $"[{tradeSourceRef}] closed trade has a NULL close_rate; its exit comes from its orders, or is missing";

    public static bool HasNullCloseRate(ImportSet set, string tradeSourceRef)
    {
        var hint = NullCloseRate(tradeSourceRef);
        return set.Warnings.Any(w => string.Equals(w, hint, StringComparison.Ordinal));
    }
}
