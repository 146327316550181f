using System.Globalization;

namespace Tradebook.Import;

/// <summary>Decimals as a user reads them in a report: every significant digit, no trailing zeros, never an exponent.</summary>
public static class DecimalText
{
    public static string Plain(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
