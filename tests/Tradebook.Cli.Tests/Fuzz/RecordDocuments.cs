using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Tradebook.Cli.Tests.Fuzz;

/// <summary>
/// Valid record inputs for <c>tradebook record</c>, generated from small pools of ids, symbols and times so
/// that one input repeats another's keys (with the same or other values), and then mutated.
/// </summary>
public static class RecordDocuments
{
    /// <summary>The fields a mutation aims at: those of every kind below.</summary>
    public static readonly string[] Keys = ["kind", "bot", "id", "symbol", "side", "qty", "price", "fee", "ts", "order_id", "amount", "currency", "type", "equity", "open", "high", "low", "close", "volume", "key", "value", "status"];

    private static readonly string[] Symbols = ["BTC/USDT", "ETH/USDT", "SOL/USDT:USDT"];

    // Mostly the bot the workspace holds; now and then one nobody added.
    private static readonly Gen<string> Bot = Gen.Frequency((9, Gen.Constant("alpha")), (1, Gen.Constant("ghost")));

    private static readonly Gen<string> Amount =
        from units in Gen.Choose(1, 5000)
        from scale in Gen.Choose(0, 4)
        select (units / (decimal)Math.Pow(10, scale)).ToString(CultureInfo.InvariantCulture);

    private static readonly Gen<string> Time =
        from day in Gen.Choose(1, 28)
        from minute in Gen.Choose(0, 59)
        from form in Gen.Choose(0, 2)
        select form switch
        {
            0 => $"\"2026-02-{day:00}T10:{minute:00}:00Z\"",
            1 => $"\"2026-02-{day:00}T12:{minute:00}:00+02:00\"",
            _ => new DateTimeOffset(2026, 2, day, 10, minute, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };

    private static readonly Gen<string> Fill =
        from bot in Bot
        from id in Gen.Choose(0, 40)
        from symbol in Gen.Elements(Symbols)
        from side in Gen.Elements("buy", "sell")
        from qty in Amount
        from price in Amount
        from fee in Gen.Elements("0", "0.1", "0.0001")
        from ts in Time
        from order in Gen.Frequency((4, Gen.Constant<string?>(null)), (1, Gen.Choose(0, 5).Select(o => (string?)$"o{o}")))
        select $$"""{"kind": "fill", "bot": "{{bot}}", "id": "f{{id}}", "symbol": "{{symbol}}", "side": "{{side}}", "qty": "{{qty}}", "price": {{price}}, "fee": "{{fee}}", "ts": {{ts}}{{(order is null ? "" : $", \"order_id\": \"{order}\"")}}}""";

    private static readonly Gen<string> Order =
        from bot in Bot
        from id in Gen.Choose(0, 5)
        from symbol in Gen.Elements(Symbols)
        from side in Gen.Elements("buy", "sell")
        from qty in Amount
        from ts in Time
        select $$"""{"kind": "order", "bot": "{{bot}}", "id": "o{{id}}", "symbol": "{{symbol}}", "side": "{{side}}", "type": "market", "qty": "{{qty}}", "status": "filled", "ts": {{ts}}}""";

    private static readonly Gen<string> CashFlow =
        from bot in Bot
        from id in Gen.Choose(0, 10)
        from amount in Amount
        from sign in Gen.Elements("", "-")
        from ts in Time
        select $$"""{"kind": "cash_flow", "bot": "{{bot}}", "id": "c{{id}}", "type": "funding", "amount": "{{sign}}{{amount}}", "currency": "USDT", "symbol": "SOL/USDT:USDT", "ts": {{ts}}}""";

    private static readonly Gen<string> Snapshot =
        from bot in Bot
        from equity in Amount
        from ts in Time
        select $$"""{"kind": "snapshot", "bot": "{{bot}}", "ts": {{ts}}, "equity": "{{equity}}", "currency": "USDT"}""";

    private static readonly Gen<string> PriceBar =
        from symbol in Gen.Elements(Symbols)
        from low in Gen.Choose(1, 100)
        from ts in Time
        select $$"""{"kind": "price_bar", "symbol": "{{symbol}}", "interval": "1h", "ts": {{ts}}, "open": {{low + 1}}, "high": {{low + 2}}, "low": {{low}}, "close": {{low + 1}}, "volume": 10}""";

    private static readonly Gen<string> Setting =
        from key in Gen.Elements("risk", "note")
        from value in Gen.Choose(0, 3)
        select $$$"""{"kind": "setting", "key": "{{{key}}}", "value": {"max": {{{value}}}}}""";

    private static readonly Gen<string> Record = Gen.Frequency((8, Fill), (1, Order), (2, CashFlow), (1, Snapshot), (1, PriceBar), (1, Setting));

    /// <summary>A whole input: JSON Lines, a JSON array or one object of arrays per kind.</summary>
    public static readonly Gen<string> Valid =
        from records in Gen.ListOf(Record).Select(r => r.ToArray())
        from shape in Gen.Choose(0, 2)
        select shape switch
        {
            0 => string.Join('\n', records) + "\n",
            1 => "[" + string.Join(",\n", records) + "]",
            _ => PerKind(records),
        };

    /// <summary>A valid input, mutated or not, as the bytes a file or stdin holds.</summary>
    public static readonly Gen<(byte[] Bytes, Mutation Mutation)> Inputs =
        from text in Valid
        from mutation in Mutation.Generator(Keys)
        select (mutation.Apply(Encoding.UTF8.GetBytes(text)), mutation);

    // { "fills": [...], "orders": [...] }: an object's kind comes from its array, so its own "kind" goes.
    private static string PerKind(string[] records)
    {
        var groups = records
            .GroupBy(r => r[(r.IndexOf("\"kind\": \"", StringComparison.Ordinal) + 9)..].Split('"')[0])
            .Select(g => $"\"{Plural(g.Key)}\": [{string.Join(", ", g.Select(r => r.Replace($"\"kind\": \"{g.Key}\", ", string.Empty, StringComparison.Ordinal)))}]");
        return "{" + string.Join(",\n", groups) + "}";
    }

    private static string Plural(string kind) => kind switch
    {
        "cash_flow" => "cash_flows",
        "price_bar" => "price_bars",
        _ => kind + "s",
    };
}
