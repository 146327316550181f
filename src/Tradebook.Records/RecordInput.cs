using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Tradebook.Core;

namespace Tradebook.Records;

/// <summary>
/// The bytes of a record input, checked to be UTF-8 before any of it is read: two ids that differ only
/// in invalid bytes would both decode to U+FFFD and the second record would pass for a repeat of the
/// first. A UTF-8 byte-order mark at the start is skipped, whether the input comes from a file or stdin.
/// </summary>
internal static class RecordInput
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Reads <paramref name="input"/> to its end; the bytes after a byte-order mark, once known to be UTF-8.</summary>
    public static ReadOnlyMemory<byte> Read(Stream input, string source)
    {
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        return Checked(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), source);
    }

    /// <summary>Text already decoded by the caller, as UTF-8; a leading byte-order mark is skipped.</summary>
    public static ReadOnlyMemory<byte> FromText(string text, string source)
    {
        var body = text.StartsWith('\uFEFF') ? text.AsSpan(1) : text.AsSpan();
        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(body.Length)];
        var status = Utf8.FromUtf16(body, bytes, out var charsRead, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"{source} line {LineOf(body[..charsRead])}: the text holds a lone UTF-16 surrogate, which is not Unicode text; nothing was written");
        }

        return bytes.AsMemory(0, written);
    }

    private static ReadOnlyMemory<byte> Checked(ReadOnlyMemory<byte> bytes, string source)
    {
        if (bytes.Span.StartsWith(Utf8Bom))
        {
            bytes = bytes[Utf8Bom.Length..];
        }

        var span = bytes.Span;
        if (Utf8.IsValid(span))
        {
            return bytes;
        }

        // Invalid somewhere: find the first bad sequence, to name its line and byte.
        var offset = 0;
        while (offset < span.Length)
        {
            var status = Rune.DecodeFromUtf8(span[offset..], out _, out var consumed);
            if (status != OperationStatus.Done)
            {
                var lineStart = span[..offset].LastIndexOf((byte)'\n') + 1;
                var hint = offset == 0 && span.Length >= 2 && ((span[0] == 0xFF && span[1] == 0xFE) || (span[0] == 0xFE && span[1] == 0xFF))
                    ? " (it starts like UTF-16: save it as UTF-8)"
                    : string.Empty;
                throw new TradebookException(
                    ErrorCode.InvalidInput,
                    $"{source} line {span[..offset].Count((byte)'\n') + 1}: byte {offset - lineStart + 1} of the line (offset {offset} in the input) is not valid UTF-8 (0x{span[offset]:X2}){hint}; the input must be UTF-8 text; nothing was written");
            }

            offset += consumed;
        }

        throw new InvalidOperationException("Utf8.IsValid and Rune.DecodeFromUtf8 disagree");
    }

    private static int LineOf(ReadOnlySpan<char> before) => before.Count('\n') + 1;
}
