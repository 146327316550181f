using Tradebook.Core.Domain;

namespace Tradebook.Import.Writing;

/// <summary>
/// The store's text of each symbol as a source spells it (<c>BTCUSDT</c>, <c>BTC-USDT</c> → <c>BTC/USDT</c>),
/// parsed once per spelling: a source repeats a handful of symbols on every row.
/// </summary>
internal sealed class SymbolTexts
{
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    public string Of(string symbol)
    {
        if (!_texts.TryGetValue(symbol, out var text))
        {
            text = Symbol.Parse(symbol).Text;
            _texts[symbol] = text;
        }

        return text;
    }
}
