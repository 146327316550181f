using System.Globalization;

namespace Tradebook.Cli.Output;

/// <summary>How every command prints a figure: exact decimals rounded to 8 places without trailing zeros, and "unknown" for what cannot be known.</summary>
internal static class Figures
{
    public const string Unknown = "unknown";

    public static string Num(decimal value) => (decimal.Round(value, 8) / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>A figure every row has: null only when it cannot be known.</summary>
    public static string Known(decimal? value) => value is { } v ? Num(v) : Unknown;
}
