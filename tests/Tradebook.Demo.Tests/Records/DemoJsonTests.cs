using System.Text.Json;
using System.Text.Json.Nodes;
using Tradebook.Demo.Market;
using Tradebook.Demo.Records;
using Tradebook.Demo.Strategies;
using Tradebook.Records;

namespace Tradebook.Demo.Tests.Records;

public sealed class DemoJsonTests
{
    private static readonly MarketHistory Market = MarketHistory.Generate(7, 1_200);

    [Fact]
    public void a_turn_has_the_fields_of_the_turns_endpoint()
    {
        var turn = DemoJson.Turn(FirstTurnWithFills(LlmAnalyst.Spec.Name));

        Assert.Equal(["signals", "decision", "orders", "fills", "snapshot", "cash_flows"], turn.Select(p => p.Key));
    }

    [Fact]
    public void each_object_of_a_turn_uses_the_record_formats_field_names_without_bot()
    {
        var turn = DemoJson.Turn(FirstTurnWithFills(LlmAnalyst.Spec.Name));

        Assert.Equal(["id", "symbol", "side", "qty", "price", "fee", "fee_currency", "ts", "order_id"], Names(turn["fills"]![0]!));
        Assert.Equal(["id", "symbol", "side", "type", "qty", "price", "status", "ts", "decision_id"], Names(turn["orders"]![0]!));
        Assert.Equal(["id", "symbol", "ts", "signal", "strength", "price", "payload"], Names(turn["signals"]![0]!));
        Assert.Equal(["id", "ts", "inputs", "decision", "notes", "outcome", "signal_ids", "model", "provider", "prompt_tokens", "response_tokens", "latency_ms", "cost"], Names(turn["decision"]!));
        Assert.Equal(["ts", "equity", "cash", "currency"], Names(turn["snapshot"]!));
    }

    [Fact]
    public void a_funding_payment_is_a_cash_flow_of_type_funding_with_its_symbol()
    {
        var bot = DemoBots.Create(Market, 7).Single(b => b.Bot.Name == PerpetualMomentum.Spec.Name);
        var turn = Enumerable.Range(0, Market.Count).Select(bot.Step).First(t => t.CashFlows.Any(c => c.Type == Core.Domain.CashFlowKind.Funding));
        var flow = DemoJson.Turn(turn)["cash_flows"]![0]!;

        Assert.Equal(["id", "type", "amount", "currency", "ts", "symbol"], Names(flow));
        Assert.Equal("funding", flow["type"]!.GetValue<string>());
        Assert.Equal("BTC/USDT:USDT", flow["symbol"]!.GetValue<string>());
    }

    [Fact]
    public void amounts_are_json_numbers_times_are_utc_and_sides_are_lower_case()
    {
        var fill = DemoJson.Turn(FirstTurnWithFills(MovingAverageCross.Spec.Name))["fills"]![0]!;

        Assert.Equal(JsonValueKind.Number, fill["qty"]!.GetValueKind());
        Assert.Equal(JsonValueKind.Number, fill["price"]!.GetValueKind());
        Assert.Matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", fill["ts"]!.GetValue<string>());
        Assert.Equal("buy", fill["side"]!.GetValue<string>());
    }

    [Fact]
    public void decimals_are_written_exactly()
    {
        var text = JsonSerializer.Serialize(new DemoSnapshot(Market.Start, 10_234.1234m, 0.1m, "USDT"), DemoJson.Options);

        Assert.Equal("{\"ts\":\"2026-01-01T00:00:00Z\",\"equity\":10234.1234,\"cash\":0.1,\"currency\":\"USDT\"}", text);
    }

    [Fact]
    public void the_record_formats_parser_reads_every_record_the_demo_writes()
    {
        var bots = DemoBots.Create(Market, 7);
        var records = DemoRunner.BackfillRecords(Market, bots, 0, Market.Count).ToList();
        var text = new JsonArray(records.Cast<JsonNode>().ToArray()).ToJsonString(DemoJson.Options);

        var batch = RecordParser.Parse(new StringReader(text), "demo", RecordKind.Fill);

        Assert.Equal(Market.Count * Market.Symbols.Count, batch.PriceBars.Count);
        Assert.Equal(records.Count(r => Kind(r) == "fill"), batch.Fills.Count);
        Assert.Equal(records.Count(r => Kind(r) == "order"), batch.Orders.Count);
        Assert.Equal(records.Count(r => Kind(r) == "decision"), batch.Decisions.Count);
        Assert.Equal(records.Count(r => Kind(r) == "signal"), batch.Signals.Count);
        Assert.Equal(Market.Count * bots.Count, batch.Snapshots.Count);
        Assert.Contains(batch.CashFlows, c => c.Kind == Core.Domain.CashFlowKind.Funding && c.Symbol == "BTC/USDT:USDT");
        Assert.All(batch.Fills, f => Assert.NotNull(f.OrderId));
        Assert.All(batch.PriceBars, b => Assert.Equal("1h", b.Interval));
        var prompt = batch.Decisions.First(d => d.Bot == LlmAnalyst.Spec.Name).Inputs;
        Assert.StartsWith("You manage the paper account", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void records_for_the_records_endpoint_carry_their_kind_and_bot_first()
    {
        var turn = FirstTurnWithFills(GridTrader.Spec.Name);

        Assert.All(DemoJson.Records("grid-eth", turn), r =>
        {
            Assert.Equal(["kind", "bot"], r.Select(p => p.Key).Take(2));
            Assert.Equal("grid-eth", r["bot"]!.GetValue<string>());
        });
    }

    private static BotTurn FirstTurnWithFills(string name)
    {
        var bot = DemoBots.Create(Market, 7).Single(b => b.Bot.Name == name);
        return Enumerable.Range(0, Market.Count).Select(bot.Step).First(t => t.Fills.Count > 0 && t.Decision is not null);
    }

    private static string Kind(JsonObject record) => record["kind"]!.GetValue<string>();

    private static string[] Names(JsonNode node) => node.AsObject().Select(p => p.Key).ToArray();
}
