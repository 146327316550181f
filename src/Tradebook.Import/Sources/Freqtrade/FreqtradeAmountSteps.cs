using System.Globalization;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources.Freqtrade;

/// <summary>
/// The amount step each pair trades in on the bot's exchange, from what the database holds, written as the
/// bot's setting <c>amount_step:PAIR</c> so that what a trade leaves below it is dust (<see cref="DustThreshold"/>).
/// freqtrade rounds every order's amount down to the exchange's precision and forgets the rest.
/// </summary>
internal sealed class FreqtradeAmountSteps
{
    // ccxt's precision modes, as freqtrade stores them in trades.precision_mode.
    private const int DecimalPlaces = 2;
    private const int TickSize = 4;

    private readonly Dictionary<(string Bot, string Pair), (decimal? Stored, int? ShownDecimals)> _pairs = [];

    /// <summary>
    /// Takes one trade and its orders. Per bot and pair, best evidence first: the market's amount precision
    /// freqtrade stored with the trades (2022 on: decimal places, or the step itself in tick-size mode; times the
    /// contract size for futures), the largest when it changed over time; else, when the pair has filled orders,
    /// the step their amounts show, 10^-d for the most decimals any of them has (freqtrade sent every amount
    /// rounded to the step, so none has more). A pair with neither gets no setting: the bot's threshold decides.
    /// </summary>
    public void Add(string bot, FreqtradeTrade trade, IEnumerable<FreqtradeOrder> orders)
    {
        var key = (bot, trade.Pair.Trim());
        var (stored, shown) = _pairs.GetValueOrDefault(key);
        if (Stored(trade) is { } step && (stored is null || step > stored))
        {
            stored = step;
        }

        foreach (var amount in orders.Where(o => o.FilledQuantity > 0).SelectMany(o => new[] { o.Amount, o.Filled }).OfType<decimal>().Where(a => a > 0))
        {
            shown = Math.Max(shown ?? 0, Decimals(amount));
        }

        _pairs[key] = (stored, shown);
    }

    /// <summary>The settings <c>amount_step:PAIR</c> of each bot, by bot and pair.</summary>
    public IEnumerable<Setting> Settings()
    {
        foreach (var ((bot, pair), (stored, shown)) in _pairs.OrderBy(p => p.Key.Bot, StringComparer.Ordinal).ThenBy(p => p.Key.Pair, StringComparer.Ordinal))
        {
            var step = stored ?? (shown is { } decimals ? DustThreshold.StepOfDecimals(decimals) : null);
            if (step is { } found)
            {
                yield return new Setting(bot, DustThreshold.StepKey(pair), Normal(found).ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private static decimal? Stored(FreqtradeTrade trade)
    {
        if (trade.AmountPrecision is not { } precision || precision < 0)
        {
            return null;
        }

        var step = trade.PrecisionMode switch
        {
            DecimalPlaces when precision == decimal.Truncate(precision) && precision <= 28 => DustThreshold.StepOfDecimals((int)precision),
            TickSize when precision > 0 => precision,
            _ => null,
        };
        return step is { } s && trade.ContractSize is > 0 and not 1 ? Normal(s * trade.ContractSize.Value) : step;
    }

    private static int Decimals(decimal value) => Normal(value).Scale;

    /// <summary>Without trailing zeros: 1293.0 has no decimals.</summary>
    private static decimal Normal(decimal value) => value / 1.000000000000000000000000000000000m;
}
