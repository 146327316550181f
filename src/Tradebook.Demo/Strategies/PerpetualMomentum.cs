using System.Text.Json.Nodes;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Demo.Market;

namespace Tradebook.Demo.Strategies;

/// <summary>
/// Long/short momentum on the BTC/USDT perpetual at <see cref="Leverage"/>× its equity: long when the
/// last day's return is strong for its volatility, short when it is weak, flat in between. It pays or
/// receives funding every eight hours on the position it holds then, recorded as cash flows of type
/// funding with the perpetual's symbol, so they count in that product's P&amp;L.
/// </summary>
public sealed class PerpetualMomentum(DemoBotSpec bot, MarketHistory market, int seed) : DemoStrategy(bot, market, seed)
{
    public const int Lookback = 24;
    public const int VolatilityWindow = 48;
    public const decimal Leverage = 1.5m;
    private const double Enter = 1.0;
    private const double Exit = 0.25;
    private const decimal FeeRate = 0.0005m;

    private int _target;
    private decimal? _lastFunding;

    public static DemoBotSpec Spec { get; } = new("perp-momentum-btc", "perp-momentum", "0.9.4", "BTC/USDT:USDT");

    protected override void OnBar(int index, TurnBuilder turn)
    {
        var bar = BarAt(index);
        var held = Book.Position(Symbol.Name);
        if (bar.FundingRate is { } rate)
        {
            _lastFunding = rate;
            // Longs pay a positive rate, shorts receive it, on the notional at the funding time.
            var amount = Math.Round(-held * bar.Open * rate, 8, MidpointRounding.ToEven);
            if (amount != 0)
            {
                turn.Flow("funding", CashFlowKind.Funding, amount, bar.Ts, Symbol.Name);
            }
        }

        if (index <= VolatilityWindow)
        {
            return;
        }

        decimal Close(int i) => BarAt(i).Close;
        var change = Indicators.Change(Close, index, Lookback);
        var volatility = Indicators.Volatility(Close, index, VolatilityWindow);
        var z = volatility == 0 ? 0 : change / (volatility * Math.Sqrt(Lookback));
        var target = z > Enter ? 1 : z < -Enter ? -1 : Math.Abs(z) < Exit ? 0 : _target;
        if (target == _target)
        {
            return;
        }

        _target = target;
        var equity = Book.Equity(symbol => Market.Bar(symbol, index).Close);
        var wanted = target * Symbol.RoundQuantity(Math.Max(0, equity) * Leverage / bar.Close);
        var delta = wanted - held;
        if (delta == 0)
        {
            return;
        }

        var side = target switch { 1 => PositionDirection.Long.ToText(), -1 => PositionDirection.Short.ToText(), _ => "flat" };
        var signal = turn.Signal(Symbol.Name, "momentum_" + side, Round(z, 4), bar.Close, new JsonObject { ["lookback_hours"] = Lookback });
        var inputs = new JsonObject
        {
            ["close"] = bar.Close,
            ["return_24h"] = Round(change, 6),
            ["volatility_1h"] = Round(volatility, 6),
            ["z_score"] = Round(z, 4),
            ["last_funding_rate"] = _lastFunding,
            ["position"] = held,
        };
        var decision = new JsonObject { ["action"] = "target", ["side"] = side, ["qty"] = wanted };
        var notes = target == 0
            ? Text($"The 24h move ({change * 100:0.00}%) is small for the volatility (z {z:0.00}): go flat.")
            : Text($"The 24h move ({change * 100:0.00}%) is {Math.Abs(z):0.00} standard deviations {(z > 0 ? "up" : "down")}: go {side} at {Leverage}x equity.");
        var id = turn.Decide(inputs, decision, notes, OrderStatus.Filled.ToText(), [signal]);
        var orderSide = delta > 0 ? Side.Buy : Side.Sell;
        turn.Trade(Symbol, orderSide, Math.Abs(delta), Slipped(bar.Close, orderSide), "market", FeeRate, id);
    }
}
