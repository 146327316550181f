using System.Text.Json.Nodes;
using Tradebook.Core.Domain;
using Tradebook.Demo.Market;
using Tradebook.Demo.Records;

namespace Tradebook.Demo.Strategies;

/// <summary>
/// Collects one bot's records for one bar. Ids are made from the bot's name and the bar's index, so the
/// same history always gives the same ids, and a re-run writes nothing new.
/// </summary>
public sealed class TurnBuilder
{
    private readonly List<DemoSignal> _signals = [];
    private readonly List<DemoOrder> _orders = [];
    private readonly List<DemoFill> _fills = [];
    private readonly List<DemoCashFlow> _flows = [];
    private readonly string _bot;
    private readonly DemoBook _book;
    private DemoDecision? _decision;

    internal TurnBuilder(string bot, int index, DateTimeOffset ts, DemoBook book)
    {
        _bot = bot;
        _book = book;
        Index = index;
        Ts = ts;
    }

    /// <summary>The bar's index in the history.</summary>
    public int Index { get; }

    /// <summary>The turn's time: the close of the bar.</summary>
    public DateTimeOffset Ts { get; }

    public bool HasDecision => _decision is not null;

    public string Signal(string? symbol, string signal, decimal? strength = null, decimal? price = null, JsonObject? payload = null)
    {
        var id = $"{_bot}-s-{Index}-{_signals.Count + 1}";
        _signals.Add(new DemoSignal(id, symbol, Ts, signal, strength, price, payload));
        return id;
    }

    public string Decide(JsonNode? inputs, JsonObject decision, string? notes, string? outcome = null, IReadOnlyList<string>? signalIds = null) =>
        Decide(new DemoDecision($"{_bot}-d-{Index}", Ts, inputs, decision, notes, outcome, signalIds));

    public string Decide(DemoDecision decision)
    {
        if (_decision is not null)
        {
            throw new InvalidOperationException("A demo turn holds one decision.");
        }

        _decision = decision;
        return decision.Id;
    }

    /// <summary>Places an order that fills at once at <paramref name="price"/>, and books the fill.</summary>
    public DemoFill Trade(MarketSymbol symbol, Side side, decimal quantity, decimal price, string type, decimal feeRate, string? decisionId = null)
    {
        var n = _orders.Count + 1;
        var orderId = $"{_bot}-o-{Index}-{n}";
        var fee = MarketHistory.Normalize(Math.Round(quantity * price * feeRate, 8, MidpointRounding.ToEven));
        _book.Apply(symbol, side, quantity, price, fee);
        _orders.Add(new DemoOrder(orderId, symbol.Name, side, type, quantity, price, OrderStatus.Filled.ToText(), Ts, decisionId));
        var fill = new DemoFill($"{_bot}-f-{Index}-{n}", symbol.Name, side, quantity, price, fee, symbol.Quote, Ts, orderId);
        _fills.Add(fill);
        return fill;
    }

    /// <summary>Records a cash flow and moves the book's cash by its amount.</summary>
    public void Flow(string name, CashFlowKind type, decimal amount, DateTimeOffset ts, string? symbol = null)
    {
        _book.Flow(amount);
        _flows.Add(new DemoCashFlow($"{_bot}-{name}-{Index}", type, MarketHistory.Normalize(amount), _book.Currency, ts, symbol));
    }

    internal BotTurn Build(DemoSnapshot snapshot) => new(_signals, _decision, _orders, _fills, snapshot, _flows);
}
