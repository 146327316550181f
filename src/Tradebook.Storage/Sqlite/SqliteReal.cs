using System.Globalization;

namespace Tradebook.Storage.Sqlite;

/// <summary>
/// The text of a REAL value, made here rather than by SQLite, so that a source reads to the same
/// decimals whatever engine is bundled. SQLite 3.35 (and 3.40, Debian 12's) rendered a REAL with 15
/// significant digits (<c>%!.15g</c>: <c>0.30000000000000004</c> read as <c>0.3</c>); 3.53 renders up to
/// 17 and exposes the binary noise of floats computed by a bot (<c>0.36936887205360003</c>), which would
/// make a re-import of the same file disagree with what an earlier import stored.
/// </summary>
public static class SqliteReal
{
    /// <summary>
    /// <paramref name="value"/> with 15 significant digits, in SQLite 3.35's form: a whole number keeps
    /// <c>.0</c>, exponents are written <c>e+20</c>. The digits are rounded from the exact binary value;
    /// SQLite 3.35 rounded through its own arithmetic, which agrees on every REAL of the test corpus and
    /// can differ in the 15th digit only when the digits beyond it sit on a tie.
    /// </summary>
    public static string Text(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        if (value == 0)
        {
            return "0.0";
        }

        var general = value.ToString("G15", CultureInfo.InvariantCulture);
        var exponent = general.IndexOf('E', StringComparison.Ordinal);
        var mantissa = exponent < 0 ? general : general[..exponent];
        if (!mantissa.Contains('.', StringComparison.Ordinal))
        {
            mantissa += ".0";
        }

        return exponent < 0 ? mantissa : string.Concat(mantissa, "e", general.AsSpan(exponent + 1));
    }
}
