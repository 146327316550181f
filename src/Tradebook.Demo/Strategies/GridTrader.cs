using System.Text.Json.Nodes;
using Tradebook.Core.Domain;
using Tradebook.Demo.Market;

namespace Tradebook.Demo.Strategies;

/// <summary>
/// Long-only spot grid: buy limits at <see cref="Levels"/> steps of <see cref="Spacing"/> under a centre price, each sold one
/// step higher once bought. It only ever sells a level it holds. When the price runs away above an
/// empty grid the grid moves up to it; when the price falls far through the bottom it stops out,
/// sells everything and starts again around the new price.
/// </summary>
public sealed class GridTrader(DemoBotSpec bot, MarketHistory market, int seed) : DemoStrategy(bot, market, seed)
{
    public const int Levels = 8;
    public const decimal Spacing = 0.012m;
    private const decimal FeeRate = 0.00075m;

    private readonly decimal[] _prices = new decimal[Levels];
    private readonly decimal[] _held = new decimal[Levels];
    private decimal _centre;

    public static DemoBotSpec Spec { get; } = new("grid-eth", "grid", "2.0.1", "ETH/USDT", CostMethod: "fifo");

    protected override void OnBar(int index, TurnBuilder turn)
    {
        var bar = BarAt(index);
        if (index == 0)
        {
            Centre(turn, bar.Open, "Start the grid around the first price.");
        }

        // Sells first, from levels held before this bar: a level bought in this bar waits for the next.
        for (var k = 0; k < Levels; k++)
        {
            var target = Symbol.RoundPrice(_prices[k] * (1 + Spacing));
            if (_held[k] > 0 && bar.High >= target)
            {
                turn.Trade(Symbol, Side.Sell, _held[k], Math.Max(target, bar.Open), "limit", FeeRate);
                _held[k] = 0;
            }
        }

        for (var k = 0; k < Levels; k++)
        {
            if (_held[k] == 0 && bar.Low <= _prices[k])
            {
                var price = Math.Min(_prices[k], bar.Open);
                var quantity = Symbol.RoundQuantity(Bot.StartingCash * 0.95m / Levels / price);
                if (quantity >= Symbol.LotStep && quantity * price * (1 + FeeRate) <= Book.Cash)
                {
                    turn.Trade(Symbol, Side.Buy, quantity, price, "limit", FeeRate);
                    _held[k] = quantity;
                }
            }
        }

        var bottom = _prices[Levels - 1];
        if (turn.HasDecision)
        {
            return;
        }

        if (bar.Close < bottom * (1 - (4 * Spacing)))
        {
            var held = Book.Position(Symbol.Name);
            var reason = Text($"Price {bar.Close} fell {4 * Spacing * 100:0.#}% through the grid's bottom at {bottom}: stop out and restart the grid around it.");
            var decision = Centre(turn, bar.Close, reason);
            if (held > 0)
            {
                turn.Trade(Symbol, Side.Sell, held, Slipped(bar.Close, Side.Sell), "market", FeeRate, decision);
            }

            Array.Clear(_held);
        }
        else if (_held.All(q => q == 0) && bar.Close > _centre * (1 + (2 * Spacing)))
        {
            Centre(turn, bar.Close, Text($"Price {bar.Close} ran {2 * Spacing * 100:0.#}% above an empty grid centred at {_centre}: move the grid up."));
        }
    }

    private string Centre(TurnBuilder turn, decimal centre, string notes)
    {
        _centre = centre;
        for (var k = 0; k < Levels; k++)
        {
            _prices[k] = Symbol.RoundPrice(centre * (1 - ((k + 1) * Spacing)));
        }

        var levels = new JsonArray(_prices.Select(p => (JsonNode)JsonValue.Create(MarketHistory.Normalize(p))).ToArray());
        var inputs = new JsonObject { ["price"] = centre, ["position"] = Book.Position(Symbol.Name), ["cash"] = Money(Book.Cash) };
        var decision = new JsonObject { ["action"] = "set_grid", ["centre"] = centre, ["step"] = Spacing, ["levels"] = levels };
        return turn.Decide(inputs, decision, notes, "applied");
    }
}
