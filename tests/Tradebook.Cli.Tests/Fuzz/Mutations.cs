using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Tradebook.Cli.Tests.Fuzz;

/// <summary>One change to a valid document, as damage or a careless edit makes it.</summary>
public enum MutationKind
{
    None,
    FlipByte,
    InsertByte,
    DeleteByte,
    Truncate,
    ReplaceValue,
    DuplicateKey,
    UnknownKey,
}

/// <summary>A mutation and where it lands; <see cref="Apply"/> makes it on a document's bytes.</summary>
public sealed record Mutation(MutationKind Kind, int At, byte Byte, string Key, string Value)
{
    /// <summary>Values that break readers: other types, impossible sizes, odd escapes, bad times.</summary>
    public static readonly string[] HostileValues =
    [
        "1e400", "-1e400", "79228162514264337593543950336", "1e21", "-1e21", "0", "-0", "-5", "1e-40", "9223372036854775807",
        "\"NaN\"", "\"Infinity\"", "NaN", "null", "true", "false", "{}", "[]", "[[[[[[]]]]]]", "\"\"", "\" \"", "\"abc\"",
        "\"\\ud800\"", "\"\\u0000\"", "\"2026-02-30T10:00:00Z\"", "\"yesterday\"", "\"02/03/2026 10:00\"", "\"9999-12-31T23:59:59-14:00\"",
        "10000000000000000", "-99999999999", "\"1e30\"", "12345678901234567890123456789.5", "\"/\"", "\"BTC//USDT\"",
    ];

    public static Gen<Mutation> Generator(IReadOnlyList<string> keys) =>
        from kind in Gen.Frequency(
            (3, Gen.Constant(MutationKind.None)),
            (2, Gen.Constant(MutationKind.FlipByte)),
            (1, Gen.Constant(MutationKind.InsertByte)),
            (1, Gen.Constant(MutationKind.DeleteByte)),
            (1, Gen.Constant(MutationKind.Truncate)),
            (3, Gen.Constant(MutationKind.ReplaceValue)),
            (1, Gen.Constant(MutationKind.DuplicateKey)),
            (1, Gen.Constant(MutationKind.UnknownKey)))
        from at in Gen.Choose(0, int.MaxValue)
        from b in Gen.Choose(0, 255)
        from key in Gen.Elements(keys.ToArray())
        from value in Gen.Elements(HostileValues)
        select new Mutation(kind, at, (byte)b, key, value);

    public byte[] Apply(byte[] document)
    {
        var bytes = document.ToList();
        if (bytes.Count == 0 && Kind is not (MutationKind.None or MutationKind.InsertByte))
        {
            return document;
        }

        var at = bytes.Count == 0 ? 0 : At % bytes.Count;
        switch (Kind)
        {
            case MutationKind.FlipByte: bytes[at] = Byte; break;
            case MutationKind.InsertByte: bytes.Insert(at, Byte); break;
            case MutationKind.DeleteByte: bytes.RemoveAt(at); break;
            case MutationKind.Truncate: bytes.RemoveRange(at, bytes.Count - at); break;
            case MutationKind.ReplaceValue: return Encoding.UTF8.GetBytes(ReplaceValueOf(Encoding.UTF8.GetString(document)));
            case MutationKind.DuplicateKey: return Encoding.UTF8.GetBytes(AddAfterKey(Encoding.UTF8.GetString(document), $"\"{Key}\": {Value}, "));
            case MutationKind.UnknownKey: return Encoding.UTF8.GetBytes(AddAfterKey(Encoding.UTF8.GetString(document), $"\"{Key}x\": {Value}, "));
            default: break;
        }

        return [.. bytes];
    }

    /// <summary>The value of one occurrence of <see cref="Key"/> replaced by <see cref="Value"/>.</summary>
    private string ReplaceValueOf(string text)
    {
        var occurrences = Occurrences(text, $"\"{Key}\": ");
        if (occurrences.Count == 0)
        {
            return text;
        }

        var start = occurrences[At % occurrences.Count] + Key.Length + 4;
        var end = ValueEnd(text, start);
        return string.Concat(text.AsSpan(0, start), Value, text.AsSpan(end));
    }

    /// <summary><paramref name="insert"/> placed right after the opening brace of one object.</summary>
    private string AddAfterKey(string text, string insert)
    {
        var braces = Occurrences(text, "{");
        return braces.Count == 0 ? text : text.Insert(braces[At % braces.Count] + 1, insert);
    }

    private static List<int> Occurrences(string text, string what)
    {
        var found = new List<int>();
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            found.Add(i);
        }

        return found;
    }

    /// <summary>Where a JSON value that starts at <paramref name="start"/> ends (a string, or up to the next comma or closing bracket).</summary>
    private static int ValueEnd(string text, int start)
    {
        if (start < text.Length && text[start] == '"')
        {
            var i = start + 1;
            while (i < text.Length && text[i] != '"')
            {
                i += text[i] == '\\' ? 2 : 1;
            }

            return Math.Min(i + 1, text.Length);
        }

        var end = start;
        var depth = 0;
        while (end < text.Length && (depth > 0 || text[end] is not (',' or '}' or ']' or '\n')))
        {
            depth += text[end] switch { '{' or '[' => 1, '}' or ']' => -1, _ => 0 };
            end++;
        }

        return end;
    }

    public override string ToString() => Kind switch
    {
        MutationKind.None => "unchanged",
        MutationKind.FlipByte or MutationKind.InsertByte => $"{Kind} 0x{Byte:X2} at {At}",
        MutationKind.DeleteByte or MutationKind.Truncate => $"{Kind} at {At}",
        _ => $"{Kind} {Key}: {Value} (#{At})",
    };
}
