using System.IO.Compression;

namespace Tradebook.Import.Tests.Freqtrade;

/// <summary>
/// A freqtrade backtest's result in the layout freqtrade writes (<c>backtest-result-….json</c>): two strategies, one
/// with the orders later versions keep (a long closed, a short closed without orders, a trade still open), one of an
/// older version that does not say when it ran. Each closed trade's <c>profit_abs</c> is freqtrade's formula.
/// </summary>
public static class BacktestResults
{
    public const string Json = """
        {
          "strategy": {
            "SampleStrategy": {
              "trades": [
                {"pair": "BTC/USDT", "stake_amount": 420.0, "amount": 0.01, "open_date": "2024-01-03 10:00:00+00:00", "close_date": "2024-01-03 12:00:00+00:00",
                 "open_rate": 42000.0, "close_rate": 43000.0, "fee_open": 0.001, "fee_close": 0.001, "trade_duration": 120, "profit_ratio": 0.0217,
                 "profit_abs": 9.15, "exit_reason": "roi", "is_open": false, "enter_tag": null, "leverage": 1.0, "is_short": false,
                 "open_timestamp": 1704276000000, "close_timestamp": 1704283200000,
                 "orders": [
                   {"amount": 0.01, "safe_price": 42000.0, "ft_order_side": "buy", "order_filled_timestamp": 1704276000000, "ft_is_entry": true, "ft_order_tag": null},
                   {"amount": 0.01, "safe_price": 43000.0, "ft_order_side": "sell", "order_filled_timestamp": 1704283200000, "ft_is_entry": false, "ft_order_tag": null}
                 ]},
                {"pair": "ETH/USDT", "stake_amount": 2300.0, "amount": 1.0, "open_date": "2024-01-04 10:00:00+00:00", "close_date": "2024-01-04 14:00:00+00:00",
                 "open_rate": 2300.0, "close_rate": 2200.0, "fee_open": 0.001, "fee_close": 0.001, "profit_abs": 95.5, "exit_reason": "exit_signal",
                 "is_open": false, "is_short": true, "open_timestamp": 1704362400000, "close_timestamp": 1704376800000},
                {"pair": "SOL/USDT", "stake_amount": 1000.0, "amount": 10.0, "open_date": "2024-01-05 10:00:00+00:00", "close_date": null,
                 "open_rate": 100.0, "close_rate": null, "fee_open": 0.001, "fee_close": 0.001, "profit_abs": 3.2, "is_open": true, "is_short": false,
                 "open_timestamp": 1704448800000, "close_timestamp": null,
                 "orders": [{"amount": 10.0, "safe_price": 100.0, "ft_order_side": "buy", "order_filled_timestamp": 1704448800000, "ft_is_entry": true}]}
              ],
              "stake_currency": "USDT", "backtest_run_start_ts": 1704189600, "timeframe": "5m", "strategy_name": "SampleStrategy"
            },
            "OlderStrategy": {
              "trades": [
                {"pair": "ADA/USDT", "amount": 100.0, "open_date": "2024-01-03 10:00:00+00:00", "close_date": "2024-01-03 11:00:00+00:00",
                 "open_rate": 0.5, "close_rate": 0.6, "fee_open": 0.0, "fee_close": 0.0, "profit_abs": 10.0, "is_open": false}
              ],
              "stake_currency": "USDT"
            }
          },
          "strategy_comparison": [{"key": "SampleStrategy", "trades": 3}, {"key": "OlderStrategy", "trades": 1}]
        }
        """;

    /// <summary>Writes the result into <paramref name="folder"/>: as freqtrade's JSON, or in a zip as later versions keep it.</summary>
    public static string Write(string folder, bool zipped = false)
    {
        var json = Path.Combine(folder, "backtest-result-2024-01-02_10-00-00.json");
        File.WriteAllText(json, Json);
        if (!zipped)
        {
            return json;
        }

        var zip = Path.ChangeExtension(json, ".zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            archive.CreateEntryFromFile(json, Path.GetFileName(json));
        }

        File.Delete(json);
        return zip;
    }
}
