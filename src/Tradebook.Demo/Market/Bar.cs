namespace Tradebook.Demo.Market;

/// <summary>
/// One OHLCV bar opening at <see cref="Ts"/>. A perpetual's bar that opens at a funding time (00:00,
/// 08:00 and 16:00 UTC) carries the funding rate settled then: longs pay <c>rate × notional</c> when it
/// is positive, shorts when it is negative.
/// </summary>
public readonly record struct Bar(
    DateTimeOffset Ts,
    decimal Open,
    decimal High,
    decimal Low,
    decimal Close,
    decimal Volume,
    decimal? FundingRate = null);
