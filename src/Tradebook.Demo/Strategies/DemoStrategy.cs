using Tradebook.Core.Domain;
using Tradebook.Demo.Market;
using Tradebook.Demo.Records;

namespace Tradebook.Demo.Strategies;

/// <summary>
/// A demo bot: it sees the bars up to the one that just closed, trades at that close and ends each
/// turn with a snapshot of its equity. Turns must be taken in order, one per bar, from bar 0.
/// </summary>
public abstract class DemoStrategy
{
    private int _next;

    protected DemoStrategy(DemoBotSpec bot, MarketHistory market, int seed)
    {
        Bot = bot;
        Market = market;
        Symbol = market.Symbol(bot.Symbol);
        Book = new DemoBook(bot.Currency, 0m);
        Random = Rng.For(seed, "bot:" + bot.Name);
    }

    public DemoBotSpec Bot { get; }

    public DemoBook Book { get; }

    /// <summary>The symbol the bot trades.</summary>
    public MarketSymbol Symbol { get; }

    protected MarketHistory Market { get; }

    /// <summary>The bot's own random stream, for slippage and the like.</summary>
    protected Rng Random { get; }

    /// <summary>The turn for bar <paramref name="index"/>, which must follow the last one taken.</summary>
    public BotTurn Step(int index)
    {
        if (index != _next)
        {
            throw new InvalidOperationException($"{Bot.Name} expected bar {_next}, was given {index}: turns are taken in order.");
        }

        _next++;
        var turn = new TurnBuilder(Bot.Name, index, Market.TimeOf(index) + MarketHistory.Interval, Book);
        if (index == 0)
        {
            turn.Flow("deposit", CashFlowKind.Deposit, Bot.StartingCash, Market.TimeOf(0));
        }

        OnBar(index, turn);
        var equity = Book.Equity(symbol => Market.Bar(symbol, index).Close);
        var snapshot = new DemoSnapshot(turn.Ts, Money(equity), Symbol.IsPerpetual ? null : Money(Book.Cash), Bot.Currency);
        return turn.Build(snapshot);
    }

    protected abstract void OnBar(int index, TurnBuilder turn);

    protected Bar BarAt(int index) => Market.Bar(Symbol.Name, index);

    /// <summary>A market order's price: the close, a few ticks worse for the taker.</summary>
    protected decimal Slipped(decimal close, Side side)
    {
        var ticks = 1 + (int)(Random.NextDouble() * 4);
        var price = side == Side.Buy ? close + (ticks * Symbol.Tick) : close - (ticks * Symbol.Tick);
        return MarketHistory.Normalize(Math.Max(price, Symbol.Tick));
    }

    /// <summary>Text for notes and prompts, written the same on every machine whatever its culture.</summary>
    protected static string Text(FormattableString text) => FormattableString.Invariant(text);

    protected static decimal Money(decimal amount) => MarketHistory.Normalize(Math.Round(amount, 4, MidpointRounding.ToEven));

    protected static decimal Round(double value, int decimals) => MarketHistory.Normalize(Math.Round((decimal)value, decimals, MidpointRounding.ToEven));
}
