using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Tradebook.Cli.Tests.Fuzz;
using Tradebook.Core;

namespace Tradebook.Records.Tests;

/// <summary>
/// Property-based fuzzing of the record parser: whatever the input, it either parses all of it or
/// refuses it with one <see cref="ErrorCode.InvalidInput"/> line; no other exception escapes.
/// </summary>
public sealed class RecordParserFuzzTests
{
    /// <summary>600 cases per property in CI, from a fixed seed (see <see cref="FuzzRuns"/>).</summary>
    private static readonly Config Runs = FuzzRuns.Cases(600);

    private static readonly string[] ValidLines =
    [
        RecordInputs.Fill,
        """{"kind": "order", "bot": "alpha", "id": "o1", "symbol": "BTC/USDT", "side": "sell", "type": "market", "qty": "0.5", "price": "101", "status": "filled", "ts": "2026-03-02T10:15:00Z"}""",
        """{"kind": "cash_flow", "bot": "alpha", "id": "c1", "type": "funding", "amount": "-1.25", "currency": "USDT", "ts": 1772446500, "symbol": "BTC/USDT:USDT"}""",
        """{"kind": "price_bar", "symbol": "BTC/USDT", "interval": "1h", "ts": "2026-03-02T10:00:00+02:00", "open": 1, "high": 2, "low": 0.5, "close": 1.5, "volume": 10}""",
        """{"kind": "decision", "bot": "alpha", "id": "d1", "ts": 1772446500000, "inputs": {"rsi": [1, 2, {"a": null}]}, "decision": "hold", "signal_ids": ["s1"]}""",
        """{"kind": "fx_rate", "base": "EUR", "quote": "USD", "ts": "2026-03-02", "rate": "1.08"}""",
        """{"kind": "setting", "key": "risk", "value": {"max": 3}}""",
        """{"kind": "fill", "bot": "alpha", "id": "t1", "timestamp": 1772446500000, "datetime": "2026-03-02T10:15:00Z", "symbol": "BTC/USDT", "order": "o1", "side": "buy", "price": 100, "amount": 0.5, "cost": 50, "fee": {"cost": 0.05, "currency": "USDT"}, "fees": [{"cost": 0.05, "currency": "USDT"}], "info": {}}""",
        """{"kind": "snapshot", "bot": "alpha", "ts": "2026-03-02T10:15:00Z", "equity": "1000", "cash": "50", "currency": "USDT"}""",
        """{"kind": "signal", "bot": "alpha", "id": "s1", "symbol": "ETH/USDT", "ts": "2026-03-02T10:15:00Z", "signal": "buy", "strength": 0.7, "price": "3000", "payload": [1, "x"]}""",
    ];

    /// <summary>Values that break readers: huge and tiny numbers, odd escapes, wrong types, odd times.</summary>
    private static readonly string[] HostileValues =
    [
        "1e28", "-1e28", "7.9e28", "1e29", "79228162514264337593543950336", "0", "-0", "1e-40", "0.0000000000000000000000000001",
        "9223372036854775807", "-9223372036854775808", "10000000000000000", "-99999999999", "18446744073709551616", "1.5", "NaN",
        "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u0000\"", "\"\"", "\" \"", "\"/\"", "\"02/03/2026 10:00\"", "\"2026-02-30\"", "\"9999-12-31T23:59:59-14:00\"",
        "\"0001-01-01T00:00:00+14:00\"", "\"1e28\"", "\"-1\"", "\"abc\"", "null", "true", "[]", "{}", "[[[[[[]]]]]]", "{\"a\": {\"b\": \"\\ud800\"}}",
        "\"\\n\\r\\t\"", "\"buy\"", "\"sell\"", "\"fill\"", "\"cash_flow\"", "\"tradebook\"",
    ];

    private static readonly string[] FieldNames =
    [
        "kind", "id", "bot", "symbol", "side", "qty", "quantity", "price", "fee", "fee_rate", "fee_currency", "ts", "timestamp",
        "order_id", "amount", "rate", "open", "high", "low", "close", "volume", "value", "key", "fees", "qty\\u0000", "\\ud800", "",
    ];

    private static void ParsesAllOrRefuses(Func<Storage.Ledger.LedgerBatch> parse, int? expectedRecords = null)
    {
        try
        {
            var batch = parse();
            if (expectedRecords is { } expected)
            {
                Assert.Equal(expected, batch.Count);
            }
        }
        catch (TradebookException e)
        {
            Assert.Equal(ErrorCode.InvalidInput, e.Code);
            Assert.DoesNotContain('\n', e.Message);
            Assert.DoesNotContain('\r', e.Message);
        }
    }

    [Fact]
    public void any_bytes_parse_whole_or_are_refused_as_invalid_input()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => ParsesAllOrRefuses(() => RecordInputs.ParseBytes(bytes))).Check(Runs);
    }

    [Fact]
    public void any_text_parses_whole_or_is_refused_as_invalid_input()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            ParsesAllOrRefuses(() => RecordInputs.Parse(text ?? string.Empty));
            ParsesAllOrRefuses(() => RecordInputs.ParseBytes(Encoding.UTF8.GetBytes(text ?? string.Empty)));
        }).Check(Runs);
    }

    [Fact]
    public void valid_records_with_hostile_values_parse_whole_or_are_refused()
    {
        var gen =
            from line in Gen.Elements(ValidLines)
            from field in Gen.Elements(FieldNames)
            from value in Gen.Elements(HostileValues)
            from mode in Gen.Choose(0, 2)
            select mode switch
            {
                0 => line.Insert(1, $"\"{field}\": {value}, "),
                1 => line.Insert(line.Length - 1, $", \"{field}\": {value}"),
                _ => line.Replace($"\"{field}\": ", $"\"{field}\": {value}, \"x{field}\": ", StringComparison.Ordinal),
            };

        Prop.ForAll(gen.ToArbitrary(), line =>
        {
            ParsesAllOrRefuses(() => RecordInputs.Parse(line), expectedRecords: 1);
            ParsesAllOrRefuses(() => RecordInputs.Parse($"[{line},\n{line}]"), expectedRecords: 2);
        }).Check(Runs);
    }

    [Fact]
    public void valid_inputs_damaged_byte_by_byte_parse_whole_or_are_refused()
    {
        var gen =
            from lines in Gen.ArrayOf(Gen.Elements(ValidLines))
            from cut in Gen.Choose(0, 1000)
            from at in Gen.Choose(0, 10_000)
            from b in Gen.Choose(0, 255)
            from mode in Gen.Choose(0, 3)
            select (Bytes: Encoding.UTF8.GetBytes(string.Join('\n', lines)), Cut: cut, At: at, Byte: (byte)b, Mode: mode);

        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var bytes = input.Bytes.ToList();
            if (bytes.Count > 0)
            {
                var at = input.At % bytes.Count;
                switch (input.Mode)
                {
                    case 0: bytes[at] = input.Byte; break;
                    case 1: bytes.Insert(at, input.Byte); break;
                    case 2: bytes.RemoveAt(at); break;
                    default: bytes.RemoveRange(input.Cut % bytes.Count, bytes.Count - (input.Cut % bytes.Count)); break;
                }
            }

            ParsesAllOrRefuses(() => RecordInputs.ParseBytes([.. bytes]));
        }).Check(Runs);
    }

    [Fact]
    public void json_lines_of_valid_records_parse_every_line()
    {
        var gen = Gen.NonEmptyListOf(Gen.Elements(ValidLines)).Select(lines => lines.ToArray());

        Prop.ForAll(gen.ToArbitrary(), lines =>
        {
            var text = string.Join('\n', lines.Select((l, i) => l.Replace("\"id\": \"", $"\"id\": \"{i}-", StringComparison.Ordinal).Replace("\"key\": \"risk\"", $"\"key\": \"risk{i}\"", StringComparison.Ordinal)));
            Assert.Equal(lines.Length, RecordInputs.Parse(text).Count);
        }).Check(FuzzRuns.Seeded(Config.QuickThrowOnFailure.WithMaxTest(100)));
    }
}
