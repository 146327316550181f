using System.Globalization;
using System.Numerics;

namespace Tradebook.Storage.Transfer;

/// <summary>
/// A decimal number read from its text without rounding: <c>Mantissa × 10^-Scale</c>. SQLite keeps
/// money as text and PostgreSQL's NUMERIC can hold more digits than <see cref="decimal"/>, so sums
/// and comparisons across engines are done on this exact form, never through a binary float.
/// </summary>
public readonly record struct ExactDecimal(BigInteger Mantissa, int Scale)
{
    public static readonly ExactDecimal Zero = new(BigInteger.Zero, 0);

    /// <summary>Reads <c>-12.345</c>, <c>+1</c>, <c>.5</c> or <c>1.2E-8</c>; false for anything else.</summary>
    public static bool TryParse(string text, out ExactDecimal value)
    {
        value = Zero;
        var s = text.AsSpan().Trim();
        var exponent = 0;
        var e = s.IndexOfAny('e', 'E');
        if (e >= 0)
        {
            if (!int.TryParse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent) || Math.Abs(exponent) > 10_000)
            {
                return false;
            }

            s = s[..e];
        }

        var negative = s.StartsWith("-");
        if (negative || s.StartsWith("+"))
        {
            s = s[1..];
        }

        var point = s.IndexOf('.');
        var whole = point < 0 ? s : s[..point];
        var fraction = point < 0 ? [] : s[(point + 1)..];
        if (whole.Length + fraction.Length == 0 || !IsDigits(whole) || !IsDigits(fraction))
        {
            return false;
        }

        var digits = string.Concat(whole, fraction);
        var mantissa = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        var scale = fraction.Length - exponent;
        if (scale < 0)
        {
            mantissa *= BigInteger.Pow(10, -scale);
            scale = 0;
        }

        value = new ExactDecimal(negative ? -mantissa : mantissa, scale).Normalize();
        return true;
    }

    public static ExactDecimal operator +(ExactDecimal a, ExactDecimal b)
    {
        var scale = Math.Max(a.Scale, b.Scale);
        return new ExactDecimal(a.Rescale(scale) + b.Rescale(scale), scale);
    }

    /// <summary>The same value with no trailing zeros after the point, so equal values have one form.</summary>
    public ExactDecimal Normalize()
    {
        var mantissa = Mantissa;
        var scale = Scale;
        while (scale > 0 && !mantissa.IsZero && (mantissa % 10).IsZero)
        {
            mantissa /= 10;
            scale--;
        }

        return mantissa.IsZero ? Zero : new ExactDecimal(mantissa, scale);
    }

    public override string ToString()
    {
        var n = Normalize();
        var digits = BigInteger.Abs(n.Mantissa).ToString(CultureInfo.InvariantCulture);
        if (n.Scale > 0)
        {
            digits = digits.PadLeft(n.Scale + 1, '0');
            digits = $"{digits[..^n.Scale]}.{digits[^n.Scale..]}";
        }

        return n.Mantissa.Sign < 0 ? "-" + digits : digits;
    }

    private BigInteger Rescale(int scale) => Mantissa * BigInteger.Pow(10, scale - Scale);

    private static bool IsDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
