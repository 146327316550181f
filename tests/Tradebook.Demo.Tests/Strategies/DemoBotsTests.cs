using Tradebook.Core.Domain;
using Tradebook.Demo.Market;
using Tradebook.Demo.Records;
using Tradebook.Demo.Strategies;

namespace Tradebook.Demo.Tests.Strategies;

public sealed class DemoBotsTests
{
    private const int Bars = 4_000;
    private static readonly MarketHistory Market = MarketHistory.Generate(7, Bars);
    private static readonly Dictionary<string, BotTurn[]> Turns = Run(Market, 7);

    [Fact]
    public void there_are_four_bots_of_four_strategies_on_paper()
    {
        Assert.Equal(4, DemoBots.Specs.Count);
        Assert.Equal(4, DemoBots.Specs.Select(s => s.StrategyName).Distinct().Count());
        Assert.Equal(4, DemoBots.Specs.Select(s => s.Name).Distinct().Count());
        Assert.Equal("paper", DemoBotSpec.Mode);
    }

    [Fact]
    public void long_only_spot_bots_never_hold_less_than_nothing()
    {
        foreach (var spec in DemoBots.Specs.Where(s => !Market.Symbol(s.Symbol).IsPerpetual))
        {
            var held = 0m;
            foreach (var fill in Turns[spec.Name].SelectMany(t => t.Fills))
            {
                held += fill.Side == Side.Buy ? fill.Qty : -fill.Qty;
                Assert.True(held >= 0, $"{spec.Name} holds {held} after fill {fill.Id}");
            }
        }
    }

    [Fact]
    public void every_bot_trades_and_ends_each_turn_with_a_snapshot()
    {
        foreach (var (bot, turns) in Turns)
        {
            Assert.True(turns.Sum(t => t.Fills.Count) >= 20, $"{bot} traded {turns.Sum(t => t.Fills.Count)} times");
            Assert.All(turns, t => Assert.NotNull(t.Snapshot));
        }
    }

    [Fact]
    public void a_snapshot_agrees_with_the_bots_fills_cash_flows_and_marks()
    {
        foreach (var (bot, turns) in Turns)
        {
            var cash = 0m;
            var held = new Dictionary<string, decimal>();
            for (var i = 0; i < turns.Length; i++)
            {
                cash += turns[i].CashFlows.Sum(c => c.Amount);
                foreach (var f in turns[i].Fills)
                {
                    var signed = f.Side == Side.Buy ? f.Qty : -f.Qty;
                    cash -= (signed * f.Price) + f.Fee;
                    held[f.Symbol] = held.GetValueOrDefault(f.Symbol) + signed;
                }

                var equity = cash + held.Sum(p => p.Value * Market.Bar(p.Key, i).Close);
                Assert.Equal(Math.Round(equity, 4), turns[i].Snapshot!.Equity);
            }
        }
    }

    [Fact]
    public void orders_and_fills_cite_what_they_come_from()
    {
        foreach (var (bot, turns) in Turns)
        {
            foreach (var turn in turns)
            {
                Assert.All(turn.Fills, f => Assert.Contains(turn.Orders, o => o.Id == f.OrderId && o.Qty == f.Qty && o.Side == f.Side));
                Assert.All(turn.Orders.Where(o => o.DecisionId is not null), o => Assert.Equal(turn.Decision?.Id, o.DecisionId));
                if (turn.Decision?.SignalIds is { } cited)
                {
                    Assert.All(cited, id => Assert.Contains(turn.Signals, s => s.Id == id));
                }
            }
        }
    }

    [Fact]
    public void ids_are_unique_and_the_same_on_every_run()
    {
        var again = Run(MarketHistory.Generate(7, 600), 7);
        foreach (var (bot, turns) in Turns)
        {
            var ids = Ids(turns).ToList();
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.Equal(Ids(turns.Take(600)), Ids(again[bot]));
            Assert.Equal(turns.Take(600).Select(DemoJson.TurnText), again[bot].Select(DemoJson.TurnText));
        }
    }

    [Fact]
    public void the_perpetual_bot_pays_and_receives_funding_on_its_symbol()
    {
        var funding = Turns[PerpetualMomentum.Spec.Name].SelectMany(t => t.CashFlows).Where(c => c.Type == CashFlowKind.Funding).ToList();

        Assert.NotEmpty(funding);
        Assert.Contains(funding, c => c.Amount < 0);
        Assert.Contains(funding, c => c.Amount > 0);
        Assert.All(funding, c => Assert.Equal("BTC/USDT:USDT", c.Symbol));
        Assert.All(funding, c => Assert.Equal(0, c.Ts.Hour % 8));
        var fills = Turns[PerpetualMomentum.Spec.Name].SelectMany(t => t.Fills).ToList();
        Assert.Contains(fills, f => f.Side == Side.Sell);
    }

    [Fact]
    public void the_perpetual_bot_goes_short_as_well_as_long()
    {
        var held = 0m;
        var wasShort = false;
        var wasLong = false;
        foreach (var fill in Turns[PerpetualMomentum.Spec.Name].SelectMany(t => t.Fills))
        {
            held += fill.Side == Side.Buy ? fill.Qty : -fill.Qty;
            wasShort |= held < 0;
            wasLong |= held > 0;
        }

        Assert.True(wasShort && wasLong);
    }

    [Fact]
    public void the_llm_bot_writes_its_prompt_answer_reasoning_model_tokens_and_cost()
    {
        var decisions = Turns[LlmAnalyst.Spec.Name].Select(t => t.Decision).OfType<DemoDecision>().ToList();

        Assert.True(decisions.Count > 500);
        Assert.All(decisions, d =>
        {
            Assert.Contains("RSI(14)", d.Inputs!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains(d.Decision["action"]!.GetValue<string>(), new[] { "buy", "sell", "hold" });
            Assert.False(string.IsNullOrWhiteSpace(d.Notes));
            Assert.Equal(LlmAnalyst.Model, d.Model);
            Assert.Equal(LlmAnalyst.Provider, d.Provider);
            Assert.InRange(d.PromptTokens!.Value, 400, 2_000);
            Assert.InRange(d.ResponseTokens!.Value, 10, 1_000);
            Assert.InRange(d.LatencyMs!.Value, 1, 60_000);
            Assert.InRange(d.Cost!.Value, 0.0001m, 0.1m);
        });
        Assert.Contains(decisions, d => d.Outcome == "held");
        Assert.Contains(decisions, d => d.Outcome == "filled" && d.Decision["action"]!.GetValue<string>() == "buy");
        Assert.Contains(decisions, d => d.Outcome == "filled" && d.Decision["action"]!.GetValue<string>() == "sell");
    }

    [Fact]
    public void the_rule_bots_explain_their_trades()
    {
        foreach (var spec in new[] { MovingAverageCross.Spec, PerpetualMomentum.Spec })
        {
            var turns = Turns[spec.Name].Where(t => t.Fills.Count > 0).ToList();
            Assert.All(turns, t =>
            {
                Assert.NotNull(t.Decision);
                Assert.All(t.Orders, o => Assert.Equal(t.Decision!.Id, o.DecisionId));
            });
        }
    }

    [Fact]
    public void turns_are_taken_in_order()
    {
        var bot = DemoBots.Create(Market, 7)[0];
        bot.Step(0);

        Assert.Throws<InvalidOperationException>(() => bot.Step(2));
    }

    [Fact]
    public void a_spot_book_refuses_to_sell_what_it_does_not_hold()
    {
        var book = new DemoBook("USDT", 1_000m);
        var symbol = Market.Symbol("ETH/USDT");
        book.Apply(symbol, Side.Buy, 0.1m, 2_000m, 0.2m);

        Assert.Throws<InvalidOperationException>(() => book.Apply(symbol, Side.Sell, 0.2m, 2_000m, 0.2m));
        Assert.Equal(0.1m, book.Position("ETH/USDT"));
    }

    private static IEnumerable<string> Ids(IEnumerable<BotTurn> turns) =>
        turns.SelectMany(t => t.Signals.Select(s => "s:" + s.Id)
            .Concat(t.Decision is { } d ? ["d:" + d.Id] : [])
            .Concat(t.Orders.Select(o => "o:" + o.Id))
            .Concat(t.Fills.Select(f => "f:" + f.Id))
            .Concat(t.CashFlows.Select(c => "c:" + c.Id)));

    private static Dictionary<string, BotTurn[]> Run(MarketHistory market, int seed) =>
        DemoBots.Create(market, seed).ToDictionary(b => b.Bot.Name, b => Enumerable.Range(0, market.Count).Select(b.Step).ToArray());
}
