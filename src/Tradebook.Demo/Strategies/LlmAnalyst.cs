using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tradebook.Core.Domain;
using Tradebook.Demo.Market;
using Tradebook.Demo.Records;

namespace Tradebook.Demo.Strategies;

/// <summary>
/// A bot that asks a language model what to do every <see cref="Every"/> hours and writes the whole
/// exchange as a decision: the prompt, the JSON answer, the reasoning, the model, its tokens, latency
/// and cost. The "model" is a seeded function of the prompt's figures: the demo needs no network and
/// replays the same answers every time. Long-only spot: it sells only what it holds.
/// </summary>
public sealed class LlmAnalyst(DemoBotSpec bot, MarketHistory market, int seed) : DemoStrategy(bot, market, seed)
{
    public const int Every = 4;
    public const string Model = "tb-sim-analyst-1";
    public const string Provider = "tradebook-demo";
    private const int SystemPromptTokens = 412;
    private const decimal PromptPrice = 0.000003m;
    private const decimal ResponsePrice = 0.000015m;
    private const decimal FeeRate = 0.001m;
    private const int Warmup = 48;

    public static DemoBotSpec Spec { get; } = new("llm-analyst-sol", "llm-analyst", "0.3.2", "SOL/USDT");

    protected override void OnBar(int index, TurnBuilder turn)
    {
        if (index < Warmup || index % Every != 0)
        {
            return;
        }

        decimal Close(int i) => BarAt(i).Close;
        var close = Close(index);
        var change4 = Indicators.Change(Close, index, 4);
        var change24 = Indicators.Change(Close, index, 24);
        var rsi = Indicators.Rsi(Close, index, 14);
        var volatility = Indicators.Volatility(Close, index, 24);
        var high = Enumerable.Range(index - 23, 24).Max(i => BarAt(i).High);
        var low = Enumerable.Range(index - 23, 24).Min(i => BarAt(i).Low);
        var held = Book.Position(Symbol.Name);
        var equity = Book.Equity(symbol => Market.Bar(symbol, index).Close);
        var prompt = Prompt(turn.Ts, close, change4, change24, rsi, volatility, high, low, held, equity);

        // The "model": trend for its volatility, against an overbought or oversold RSI, and some noise.
        var momentum = Math.Clamp(volatility == 0 ? 0 : change24 / (volatility * Math.Sqrt(24)) / 2, -1, 1);
        var reversion = (50 - rsi) / 50;
        var score = (0.55 * momentum) + (0.45 * reversion) + (0.25 * Random.Normal());
        var fraction = Math.Clamp(Math.Round(Math.Abs(score) * 0.6 / 0.05) * 0.05, 0.1, 0.6);
        // No side is the model's "hold".
        Side? action = score > 0.35 && Book.Cash > 50 ? Side.Buy : score < -0.35 && held > 0 ? Side.Sell : null;
        var confidence = Math.Round(0.5 + (Math.Min(Math.Abs(score), 1) * 0.45), 2);
        var reasoning = Reasoning(action, change24, rsi, momentum, reversion, held, fraction);
        var answer = new JsonObject
        {
            ["action"] = action?.ToText() ?? "hold",
            ["symbol"] = Symbol.Name,
            ["fraction"] = action is null ? 0m : Round(fraction, 2),
            ["confidence"] = Round(confidence, 2),
            ["reason"] = reasoning.Summary,
        };

        var signal = turn.Signal(Symbol.Name, "llm_view", Round(Math.Clamp(score, -1, 1), 3), close, new JsonObject { ["rsi_14"] = Round(rsi, 1), ["change_24h"] = Round(change24, 4) });
        var promptTokens = SystemPromptTokens + ((prompt.Length + 3) / 4);
        var responseTokens = ((answer.ToJsonString().Length + reasoning.Notes.Length) + 3) / 4;
        var id = $"{Bot.Name}-d-{index}";
        var outcome = action is null ? "held" : OrderStatus.Filled.ToText();
        decimal quantity = 0;
        var price = Slipped(close, action ?? Side.Buy);
        if (action == Side.Buy)
        {
            quantity = Symbol.RoundQuantity(Book.Cash * (decimal)fraction / (price * (1 + FeeRate)));
        }
        else if (action == Side.Sell)
        {
            quantity = Symbol.RoundQuantity(held * (decimal)fraction);
            // Dust left behind is not worth a second order: sell it all.
            if (held - quantity < held * 0.1m)
            {
                quantity = held;
            }
        }

        if (action is not null && quantity < Symbol.LotStep)
        {
            outcome = "skipped: below the minimum order size";
        }

        turn.Decide(new DemoDecision(id, turn.Ts, JsonValue.Create(prompt), answer, reasoning.Notes, outcome, [signal])
        {
            Model = Model,
            Provider = Provider,
            PromptTokens = promptTokens,
            ResponseTokens = responseTokens,
            LatencyMs = 350 + (responseTokens * 18) + (int)(Random.NextDouble() * 400),
            Cost = MarketHistory.Normalize(Math.Round((promptTokens * PromptPrice) + (responseTokens * ResponsePrice), 6, MidpointRounding.ToEven)),
        });

        if (action is { } side && outcome == OrderStatus.Filled.ToText())
        {
            turn.Trade(Symbol, side, quantity, price, "market", FeeRate, id);
        }
    }

    private string Prompt(DateTimeOffset ts, decimal close, double change4, double change24, double rsi, double volatility, decimal high, decimal low, decimal held, decimal equity)
    {
        var text = new StringBuilder();
        text.AppendLine(Text($"You manage the paper account \"{Bot.Name}\" trading {Symbol.Name} spot, long only. Fees are {FeeRate * 100:0.##}% per trade."));
        text.AppendLine(Text($"Time: {DemoJson.Time(ts)}. Bars: 1 hour."));
        text.AppendLine(Text($"Last close: {close} {Symbol.Quote}. Change 4h: {change4 * 100:+0.00;-0.00}%. Change 24h: {change24 * 100:+0.00;-0.00}%."));
        text.AppendLine(Text($"24h range: {low} - {high}. RSI(14): {rsi:0.0}. Hourly volatility (24h): {volatility * 100:0.000}%."));
        text.AppendLine(Text($"Position: {held} {Symbol.Base} at an average of {Money(Book.AverageEntry(Symbol.Name))}. Cash: {Money(Book.Cash)} {Bot.Currency}. Equity: {Money(equity)} {Bot.Currency}."));
        text.Append("Answer with JSON only: {\"action\": \"buy\"|\"sell\"|\"hold\", \"symbol\": string, \"fraction\": 0..1 of cash to buy with or of the position to sell, \"confidence\": 0..1, \"reason\": string}.");
        return text.ToString();
    }

    private static (string Summary, string Notes) Reasoning(Side? action, double change24, double rsi, double momentum, double reversion, decimal held, double fraction)
    {
        var trend = momentum switch
        {
            > 0.5 => "a strong upward trend",
            > 0.15 => "a mild upward drift",
            < -0.5 => "a strong downward trend",
            < -0.15 => "a mild downward drift",
            _ => "no clear direction",
        };
        var rsiView = rsi switch
        {
            >= 70 => "overbought",
            <= 30 => "oversold",
            _ => "neutral",
        };
        var summary = action switch
        {
            Side.Buy => Text($"{trend} with RSI {rsi:0} ({rsiView}); add exposure"),
            Side.Sell => Text($"{trend} with RSI {rsi:0} ({rsiView}); reduce exposure"),
            _ => Text($"{trend} with RSI {rsi:0} ({rsiView}); no edge"),
        };
        var balance = reversion * momentum < 0 ? "The momentum and the RSI disagree, so the signal is weaker than either alone." : "The momentum and the RSI point the same way.";
        var act = action switch
        {
            Side.Buy => Text($"I buy with {fraction * 100:0}% of the cash, keeping the rest for a better entry."),
            Side.Sell => Text($"I sell {fraction * 100:0}% of the {held} held to lock in part of the move and cut risk."),
            _ => held > 0 ? "I hold the position and wait for the next bar's evidence." : "I stay in cash until the picture is clearer.",
        };
        var notes = Text($"The last 24 hours show {trend} ({change24 * 100:+0.00;-0.00}%), and RSI(14) at {rsi:0.0} reads {rsiView}. {balance} {act}");
        return (summary, notes);
    }
}
