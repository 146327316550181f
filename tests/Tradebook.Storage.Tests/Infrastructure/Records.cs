using Tradebook.Core.Domain;
using Tradebook.Storage.Ledger;

namespace Tradebook.Storage.Tests.Infrastructure;

/// <summary>Short builders for the records the ledger tests write.</summary>
public static class Records
{
    public static readonly DateTimeOffset T0 = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static FillRecord Buy(string bot, string id, decimal quantity, decimal price, decimal fee = 0, string symbol = "BTC/USDT", string? order = null, int minute = 0) =>
        new(bot, id, symbol, Side.Buy, quantity, price, fee, fee == 0 ? null : Symbol.Parse(symbol).Quote, T0.AddMinutes(minute), order);

    public static FillRecord Sell(string bot, string id, decimal quantity, decimal price, decimal fee = 0, string symbol = "BTC/USDT", string? order = null, int minute = 0) =>
        new(bot, id, symbol, Side.Sell, quantity, price, fee, fee == 0 ? null : Symbol.Parse(symbol).Quote, T0.AddMinutes(minute), order);

    public static LedgerBatch Fills(params FillRecord[] fills) => new() { Fills = fills };
}
