using System.Text;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Sources.GenericTrades;

/// <summary>
/// Names that repeat on every row (symbols, fee currencies), trimmed and kept as one string each:
/// a row whose name was seen before allocates nothing for it.
/// </summary>
internal sealed class SharedNames
{
    // A column of unique strings would grow the table without bound: sharing stops past this many.
    private const int Capacity = 4096;
    private const int MaxStackBytes = 256;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public SharedNames() => _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The trimmed text of the value, or null for NULL.</summary>
    public string? Read(SqliteRows row, int ordinal)
    {
        var type = row.Type(ordinal);
        if (type == SqliteValueType.Null)
        {
            return null;
        }

        if (type != SqliteValueType.Text || row.Utf8(ordinal).Length > MaxStackBytes)
        {
            return Share(row.String(ordinal).Trim());
        }

        var bytes = row.Utf8(ordinal);
        Span<char> chars = stackalloc char[MaxStackBytes];
        var text = chars[..Encoding.UTF8.GetChars(bytes, chars)].Trim();
        if (_lookup.TryGetValue(text, out var shared))
        {
            return shared;
        }

        return Share(new string(text));
    }

    private string Share(string value)
    {
        if (_names.TryGetValue(value, out var shared))
        {
            return shared;
        }

        if (_names.Count < Capacity)
        {
            _names[value] = value;
        }

        return value;
    }
}
