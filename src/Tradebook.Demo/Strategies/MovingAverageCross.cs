using System.Text.Json.Nodes;
using Tradebook.Core.Domain;
using Tradebook.Demo.Market;

namespace Tradebook.Demo.Strategies;

/// <summary>
/// Long-only spot trend follower: buys with most of its cash when the fast moving average crosses
/// above the slow one, sells everything when it crosses back below, or when the price falls
/// <see cref="StopLoss"/> under the entry.
/// </summary>
public sealed class MovingAverageCross(DemoBotSpec bot, MarketHistory market, int seed) : DemoStrategy(bot, market, seed)
{
    public const int Fast = 12;
    public const int Slow = 48;
    public const decimal StopLoss = 0.06m;
    private const decimal FeeRate = 0.001m;

    private int _lastSign;

    public static DemoBotSpec Spec { get; } = new("ma-cross-btc", "ma-crossover", "1.3.0", "BTC/USDT");

    protected override void OnBar(int index, TurnBuilder turn)
    {
        if (index < Slow)
        {
            return;
        }

        decimal Close(int i) => BarAt(i).Close;
        var close = Close(index);
        var fast = Indicators.Sma(Close, index, Fast);
        var slow = Indicators.Sma(Close, index, Slow);
        var sign = Math.Sign(fast - slow);
        var held = Book.Position(Symbol.Name);
        var crossed = _lastSign != 0 && sign != 0 && sign != _lastSign;
        if (sign != 0)
        {
            _lastSign = sign;
        }

        var inputs = new JsonObject
        {
            ["close"] = close,
            ["fast_sma"] = Money(fast),
            ["slow_sma"] = Money(slow),
            ["position"] = held,
        };

        if (held > 0 && close <= Book.AverageEntry(Symbol.Name) * (1 - StopLoss))
        {
            var signal = turn.Signal(Symbol.Name, "stop_loss", Money((close / Book.AverageEntry(Symbol.Name)) - 1), close);
            Sell(turn, held, inputs, Text($"Price {close} is more than {StopLoss * 100:0.#}% under the entry at {Money(Book.AverageEntry(Symbol.Name))}: stop loss, sell everything."), signal);
            return;
        }

        if (!crossed)
        {
            return;
        }

        var strength = Math.Round((fast - slow) / slow, 6);
        var payload = new JsonObject { ["fast"] = Fast, ["slow"] = Slow };
        var id = turn.Signal(Symbol.Name, sign > 0 ? "ma_cross_up" : "ma_cross_down", MarketHistory.Normalize(strength), close, payload);
        if (sign > 0 && held == 0)
        {
            var price = Slipped(close, Side.Buy);
            var quantity = Symbol.RoundQuantity(Book.Cash * 0.95m / price);
            if (quantity < Symbol.LotStep)
            {
                return;
            }

            var decision = turn.Decide(inputs, Action(Side.Buy, quantity), Text($"SMA({Fast}) crossed above SMA({Slow}) at {close}: the trend turned up, buy with 95% of cash."), OrderStatus.Filled.ToText(), [id]);
            turn.Trade(Symbol, Side.Buy, quantity, price, "market", FeeRate, decision);
        }
        else if (sign < 0 && held > 0)
        {
            Sell(turn, held, inputs, Text($"SMA({Fast}) crossed below SMA({Slow}) at {close}: the trend turned down, close the position."), id);
        }
    }

    private void Sell(TurnBuilder turn, decimal quantity, JsonObject inputs, string notes, string signal)
    {
        var decision = turn.Decide(inputs, Action(Side.Sell, quantity), notes, OrderStatus.Filled.ToText(), [signal]);
        turn.Trade(Symbol, Side.Sell, quantity, Slipped(BarAt(turn.Index).Close, Side.Sell), "market", FeeRate, decision);
    }

    private JsonObject Action(Side action, decimal quantity) => new() { ["action"] = action.ToText(), ["symbol"] = Symbol.Name, ["qty"] = quantity };
}
