using System.Globalization;

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

    /// <summary>The source's stored profit prices the exit at a close rate its only exit fill was not made at.</summary>
    public static string CloseRateDiffers(string tradeSourceRef, decimal closeRate, decimal exitPrice) =>
        string.Create(CultureInfo.InvariantCulture, $"[{tradeSourceRef}] close_rate {closeRate} is not the price its exit order filled at ({exitPrice}); the stored profit uses close_rate");

    public static bool HasCloseRateDiffers(ImportSet set, string tradeSourceRef) => Has(set, $"[{tradeSourceRef}] close_rate ");

    /// <summary>The source's stored profit charges its exit fee rate, which differs from the exit fee it stored as paid.</summary>
    public static string FeeRateDiffers(string tradeSourceRef, decimal charged, decimal stored, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"[{tradeSourceRef}] exit fee stored as {stored} {currency}, but the stored profit charges fee_close x notional = {charged}");

    public static bool HasFeeRateDiffers(ImportSet set, string tradeSourceRef) => Has(set, $"[{tradeSourceRef}] exit fee stored as ");

    /// <summary>The trades each hint names, found in one pass over the warnings rather than once per trade.</summary>
    internal static Found Index(ImportSet set)
    {
        var found = new Found([], [], []);
        foreach (var warning in set.Warnings)
        {
            var end = warning.StartsWith('[') ? warning.IndexOf("] ", StringComparison.Ordinal) : -1;
            if (end < 0)
            {
                continue;
            }

            var reference = warning[1..end];
            var rest = warning.AsSpan(end + 2);
            if (string.Equals(warning, NullCloseRate(reference), StringComparison.Ordinal))
            {
                found.NullCloseRate.Add(reference);
            }
            else if (rest.StartsWith("close_rate ", StringComparison.Ordinal))
            {
                found.CloseRateDiffers.Add(reference);
            }
            else if (rest.StartsWith("exit fee stored as ", StringComparison.Ordinal))
            {
                found.FeeRateDiffers.Add(reference);
            }
        }

        return found;
    }

    /// <summary>The source references of the trades each kind of hint names.</summary>
    internal sealed record Found(HashSet<string> NullCloseRate, HashSet<string> CloseRateDiffers, HashSet<string> FeeRateDiffers);

    private static bool Has(ImportSet set, string prefix) => set.Warnings.Any(w => w.StartsWith(prefix, StringComparison.Ordinal));
}
