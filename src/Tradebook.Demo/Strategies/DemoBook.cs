using Tradebook.Core.Domain;
using Tradebook.Demo.Market;

namespace Tradebook.Demo.Strategies;

/// <summary>
/// A demo bot's own account: cash and a signed quantity per symbol, so that its snapshots agree with
/// its fills. A spot position can never go below zero: selling what is not held is a bug in the
/// strategy, and it throws.
/// </summary>
public sealed class DemoBook(string currency, decimal cash)
{
    private readonly Dictionary<string, decimal> _quantities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _averages = new(StringComparer.Ordinal);

    public string Currency { get; } = currency;

    /// <summary>Cash as a spot account counts it: buys spend it, sells bring it back, fees and funding move it.</summary>
    public decimal Cash { get; private set; } = cash;

    public IReadOnlyDictionary<string, decimal> Positions => _quantities;

    /// <summary>The signed quantity held: negative is short.</summary>
    public decimal Position(string symbol) => _quantities.GetValueOrDefault(symbol);

    /// <summary>The average entry price of the open position, 0 when flat.</summary>
    public decimal AverageEntry(string symbol) => _averages.GetValueOrDefault(symbol);

    public void Apply(MarketSymbol symbol, Side side, decimal quantity, decimal price, decimal fee)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        var signed = side == Side.Buy ? quantity : -quantity;
        var before = Position(symbol.Name);
        var after = before + signed;
        if (!symbol.IsPerpetual && after < 0)
        {
            throw new InvalidOperationException($"A spot book cannot sell {quantity} {symbol.Base} of {symbol.Name} holding {before}.");
        }

        Cash -= (signed * price) + fee;
        _quantities[symbol.Name] = after;
        if (after == 0)
        {
            _averages.Remove(symbol.Name);
        }
        else if (before == 0 || Math.Sign(after) != Math.Sign(before))
        {
            _averages[symbol.Name] = price;
        }
        else if (Math.Abs(after) > Math.Abs(before))
        {
            _averages[symbol.Name] = ((AverageEntry(symbol.Name) * before) + (price * signed)) / after;
        }
    }

    /// <summary>A deposit, a withdrawal or a funding payment: signed, in the book's currency.</summary>
    public void Flow(decimal amount) => Cash += amount;

    /// <summary>Cash plus every position at its mark.</summary>
    public decimal Equity(Func<string, decimal> mark) => Cash + _quantities.Sum(p => p.Value * mark(p.Key));
}
