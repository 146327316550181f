using System.Text;

namespace Tradebook.Storage.Connection;

/// <summary>
/// Orders text as SQLite's BINARY collation and PostgreSQL's "C" collation order it: by the bytes of its UTF-8,
/// which is the order of its code points (ordinal comparison of .NET strings differs past U+D7FF).
/// </summary>
public static class Utf8Order
{
    public static readonly IComparer<string> Comparer = Comparer<string>.Create(Compare);

    public static int Compare(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        var (x, y) = (a.EnumerateRunes(), b.EnumerateRunes());
        while (true)
        {
            var (more, other) = (x.MoveNext(), y.MoveNext());
            if (!more || !other)
            {
                return more == other ? 0 : more ? 1 : -1;
            }

            var order = x.Current.Value.CompareTo(y.Current.Value);
            if (order != 0)
            {
                return order;
            }
        }
    }

    /// <summary>Compares UTF-8 bytes, as a database returns them, with a string.</summary>
    public static int Compare(ReadOnlySpan<byte> utf8, string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> encoded = length <= 512 ? stackalloc byte[512] : new byte[length];
        var written = Encoding.UTF8.GetBytes(text, encoded);
        return utf8.SequenceCompareTo(encoded[..written]);
    }
}
