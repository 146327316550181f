using System.Globalization;
using System.Text;
using Tradebook.Core;
using Tradebook.Storage.Ledger;

namespace Tradebook.Records.Tests;

/// <summary>Runs the parser on text or bytes and returns its batch, or the one error it refused the input with.</summary>
internal static class RecordInputs
{
    public const string Fill = """{"bot": "alpha", "id": "f1", "symbol": "BTC/USDT", "side": "buy", "qty": "1", "price": "100", "ts": "2026-03-02T10:15:00Z"}""";

    public static LedgerBatch Parse(string text, RecordKind kind = RecordKind.Fill) =>
        RecordParser.Parse(new StringReader(text), "input", kind);

    public static LedgerBatch ParseBytes(byte[] bytes, RecordKind kind = RecordKind.Fill) =>
        RecordParser.Parse(new MemoryStream(bytes), "input", kind);

    /// <summary>The message the parser refused <paramref name="text"/> with; fails the test when it was accepted.</summary>
    public static string Refused(string text, RecordKind kind = RecordKind.Fill)
    {
        var error = Assert.Throws<TradebookException>(() => Parse(text, kind));
        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    public static string RefusedBytes(byte[] bytes)
    {
        var error = Assert.Throws<TradebookException>(() => ParseBytes(bytes));
        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    /// <summary><see cref="Fill"/> with one field replaced (or added when absent), its value given as raw JSON.</summary>
    public static string FillWith(string field, string json)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bot"] = "\"alpha\"", ["id"] = "\"f1\"", ["symbol"] = "\"BTC/USDT\"", ["side"] = "\"buy\"", ["qty"] = "\"1\"", ["price"] = "\"100\"", ["ts"] = "\"2026-03-02T10:15:00Z\"",
        };
        fields[field] = json;
        return "{" + string.Join(", ", fields.Select(f => $"\"{f.Key}\": {f.Value}")) + "}";
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
