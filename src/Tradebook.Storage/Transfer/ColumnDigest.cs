using System.Globalization;
using System.Numerics;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Transfer;

/// <summary>
/// A cheap fingerprint of one column, computed the same way on either engine from the values as they
/// are stored: how many values are not null, their exact sum (numbers), and an order-independent
/// checksum of each value in an engine-neutral form (the number, the instant, the text).
/// </summary>
public sealed class ColumnDigest(TransferColumn column)
{
    private long _values;
    private ulong _checksum;
    private BigInteger _integerSum;
    private ExactDecimal _decimalSum = ExactDecimal.Zero;

    // A text column whose every value is a number (SQLite text holding money) also gets a sum.
    private bool _textIsNumeric = true;

    public TransferColumn Column { get; } = column;

    public void Add(object? raw)
    {
        if (raw is null or DBNull)
        {
            return;
        }

        _values++;
        switch (Column.Kind)
        {
            case ColumnKind.Integer:
                var integer = Convert.ToInt64(raw, CultureInfo.InvariantCulture);
                _integerSum += integer;
                _checksum = unchecked(_checksum + Mix((ulong)integer));
                break;
            case ColumnKind.Decimal:
                var number = ValueConversion.Decimal(raw) ?? throw new FormatException($"'{raw}' is not a decimal number");
                _decimalSum += number;
                _checksum = unchecked(_checksum + Mix(Hash(number.ToString())));
                break;
            case ColumnKind.Timestamp:
                _checksum = unchecked(_checksum + Mix((ulong)StoredTime.Read(raw).UtcTicks));
                break;
            default:
                var text = ValueConversion.Text(raw);
                _checksum = unchecked(_checksum + Mix(Hash(text)));
                if (_textIsNumeric && ExactDecimal.TryParse(text, out var parsed) && !text.Contains('e', StringComparison.OrdinalIgnoreCase))
                {
                    _decimalSum += parsed;
                }
                else
                {
                    _textIsNumeric = false;
                }

                break;
        }
    }

    /// <summary>What was seen, for the report.</summary>
    public ColumnFingerprint Result() => new(
        _values,
        Column.Kind switch
        {
            ColumnKind.Integer => _integerSum.ToString(CultureInfo.InvariantCulture),
            ColumnKind.Decimal => _decimalSum.ToString(),
            ColumnKind.Text when _textIsNumeric && _values > 0 => _decimalSum.ToString(),
            _ => null,
        },
        _checksum.ToString("x16", CultureInfo.InvariantCulture));

    // FNV-1a over UTF-16 code units: stable across processes, unlike string.GetHashCode.
    private static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return hash;
    }

    // SplitMix64's finaliser, so that summing hashes (order-independent) still spreads the bits.
    private static ulong Mix(ulong x)
    {
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return x ^ (x >> 31);
    }
}

/// <summary>A column's fingerprint on one side: non-null values, exact sum (numbers only) and checksum.</summary>
public sealed record ColumnFingerprint(long Values, string? Sum, string Checksum);
