using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Tradebook.Core;

namespace Tradebook.Server.Hosting;

/// <summary>
/// A request body's bytes decompressed, whole, or a clear refusal. A decoder of .NET's streams ends quietly
/// where its input ends, so a body cut short (by a client that stopped writing, or a proxy) would read as a
/// shorter request: with JSON Lines, as fewer records. Each format's end is therefore checked: gzip's trailer
/// holds the length of what it compressed, zlib's (HTTP's <c>deflate</c>) an Adler-32 of it, and Brotli's
/// decoder says whether its stream ended.
/// </summary>
internal static class CompressedBody
{
    public static readonly string[] Encodings = ["gzip", "br", "deflate"];

    /// <summary>The body <paramref name="compressed"/> holds in <paramref name="encoding"/> (one of <see cref="Encodings"/>), at most <paramref name="limit"/> bytes.</summary>
    public static byte[] Decode(string encoding, MemoryStream compressed, long limit)
    {
        try
        {
            return encoding switch
            {
                "gzip" => Gzip(compressed, limit),
                "deflate" => Zlib(compressed, limit),
                "br" => Brotli(compressed.GetBuffer().AsSpan(0, (int)compressed.Length), limit),
                _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "not an encoding this server reads"),
            };
        }
        catch (InvalidDataException e)
        {
            throw Invalid(encoding, e.Message);
        }
    }

    private static byte[] Gzip(MemoryStream compressed, long limit)
    {
        byte[] body;
        using (var gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true))
        {
            body = ReadAll(gzip, limit);
        }

        // The trailer's last four bytes are the length of the data, modulo 2^32, little-endian (RFC 1952). Of a body
        // made of several gzip members they are the last member's length only: such a body is refused too, saying so.
        var bytes = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        return bytes.Length >= 18 && BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]) == unchecked((uint)body.Length)
            ? body
            : throw new TradebookException(
                ErrorCode.InvalidInput,
                "the request body's gzip data ends before its end (it was cut short) or is several gzip members; send the whole body again as one gzip member (nothing was written)");
    }

    private static byte[] Zlib(MemoryStream compressed, long limit)
    {
        byte[] body;
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress, leaveOpen: true))
        {
            body = ReadAll(zlib, limit);
        }

        // The trailer is the Adler-32 of the data, big-endian (RFC 1950).
        var bytes = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        return bytes.Length >= 6 && BinaryPrimitives.ReadUInt32BigEndian(bytes[^4..]) == Adler32(body)
            ? body
            : throw Cut("deflate");
    }

    private static byte[] Brotli(ReadOnlySpan<byte> source, long limit)
    {
        using var decoder = new BrotliDecoder();
        var body = new byte[(int)Math.Min(limit, Math.Max(4096, source.Length * 4L))];
        var written = 0;
        while (true)
        {
            var status = decoder.Decompress(source, body.AsSpan(written), out var consumed, out var produced);
            source = source[consumed..];
            written += produced;
            switch (status)
            {
                case System.Buffers.OperationStatus.Done:
                    return source.IsEmpty ? body[..written] : throw Invalid("br", "bytes follow the end of the compressed data");
                case System.Buffers.OperationStatus.DestinationTooSmall when body.Length < limit:
                    Array.Resize(ref body, (int)Math.Min(limit, body.Length * 2L));
                    break;
                case System.Buffers.OperationStatus.DestinationTooSmall:
                    throw TooLarge();
                case System.Buffers.OperationStatus.NeedMoreData:
                    throw Cut("br");
                default:
                    throw Invalid("br", "the decoder found data that is not Brotli");
            }
        }
    }

    private static byte[] ReadAll(Stream decompressing, long limit)
    {
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = decompressing.Read(buffer)) > 0)
        {
            if (body.Length + read > limit)
            {
                throw TooLarge();
            }

            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;

        // 5,552 bytes is the most that can be summed before the sums could overflow 32 bits (zlib's NMAX).
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            var block = data[..Math.Min(5552, data.Length)];
            foreach (var value in block)
            {
                a += value;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[block.Length..];
        }

        return (b << 16) | a;
    }

    private static TradebookException Invalid(string encoding, string why) =>
        new(ErrorCode.InvalidInput, $"the request body is not valid {encoding} data, as its Content-Encoding says it is ({why}); nothing was written");

    private static TradebookException Cut(string encoding) =>
        new(ErrorCode.InvalidInput, $"the request body's {encoding} data ends before its end: it was cut short; send the whole body again (nothing was written)");

    private static BadHttpRequestException TooLarge() => new("the decompressed request body is larger than this server accepts", StatusCodes.Status413PayloadTooLarge);
}
