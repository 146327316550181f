namespace Tradebook.Core.Domain;

/// <summary>
/// The times a trading record can name: the years 1900 to 2199. Outside them lie the placeholders of a time
/// never set (0001-01-01, the zero time of .NET and Go; 9999-12-31, the largest) and Unix times in
/// microseconds or nanoseconds read as milliseconds; one such fill would stretch every chart and daily report
/// of its bot across millennia. Backtests of any market history fit inside.
/// </summary>
public static class TradingTime
{
    public static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Where the range ends, itself outside it: 2200-01-01.</summary>
    public static readonly DateTimeOffset End = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The range in words, for messages.</summary>
    public const string Years = "1900 to 2199";

    public static bool Contains(DateTimeOffset time) => time >= Earliest && time < End;
}
