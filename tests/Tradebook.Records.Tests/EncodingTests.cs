using static Tradebook.Records.Tests.RecordInputs;

namespace Tradebook.Records.Tests;

/// <summary>Input must be UTF-8: invalid bytes are refused with their line and offset, never decoded to U+FFFD.</summary>
public sealed class EncodingTests
{
    [Fact]
    public void two_ids_that_differ_only_in_invalid_bytes_are_refused_not_merged()
    {
        var first = Utf8(Fill.Replace("\"f1\"", "\"f\u0001X\"", StringComparison.Ordinal));
        var second = Utf8(Fill.Replace("\"f1\"", "\"f\u0001X\"", StringComparison.Ordinal));
        first[Array.IndexOf(first, (byte)1)] = 0xFF;
        second[Array.IndexOf(second, (byte)1)] = 0xFE;
        var input = first.Concat("\n"u8.ToArray()).Concat(second).ToArray();

        var error = RefusedBytes(input);

        Assert.Contains("line 1", error, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", error, StringComparison.Ordinal);
        Assert.Contains($"offset {Array.IndexOf(first, (byte)0xFF)}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void the_line_and_the_byte_of_the_line_are_named()
    {
        var good = Utf8(Fill + "\n");
        var bad = Utf8(Fill.Replace("\"f1\"", "\"f2\"", StringComparison.Ordinal) + "\n");
        var at = Array.IndexOf(bad, (byte)'2');
        bad[at] = 0xC3; // a lead byte followed by '"', not a continuation byte

        var error = RefusedBytes([.. good, .. bad]);

        Assert.Contains("line 2", error, StringComparison.Ordinal);
        Assert.Contains($"byte {at + 1} of the line", error, StringComparison.Ordinal);
        Assert.Contains($"offset {good.Length + at}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void an_overlong_encoding_is_not_utf_8()
    {
        var bytes = Utf8(Fill);
        var at = Array.IndexOf(bytes, (byte)'f');
        byte[] input = [.. bytes[..at], 0xC1, 0xA6, .. bytes[(at + 1)..]];

        Assert.Contains("not valid UTF-8", RefusedBytes(input), StringComparison.Ordinal);
    }

    [Fact]
    public void a_byte_order_mark_is_skipped()
    {
        byte[] input = [0xEF, 0xBB, 0xBF, .. Utf8(Fill + "\n")];

        Assert.Equal("f1", ParseBytes(input).Fills.Single().Id);
    }

    [Fact]
    public void a_byte_order_mark_in_decoded_text_is_skipped_too()
    {
        Assert.Equal("f1", Parse("\uFEFF" + Fill).Fills.Single().Id);
    }

    [Fact]
    public void utf_16_input_is_refused_with_a_hint()
    {
        byte[] input = [0xFF, 0xFE, .. System.Text.Encoding.Unicode.GetBytes(Fill)];

        Assert.Contains("UTF-16", RefusedBytes(input), StringComparison.Ordinal);
    }

    [Fact]
    public void non_ascii_text_is_kept_as_written()
    {
        Assert.Equal("bot-é-日本", ParseBytes(Utf8(FillWith("id", "\"bot-é-日本\""))).Fills.Single().Id);
    }
}
