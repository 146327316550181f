using Tradebook.Storage.Ledger;

namespace Tradebook.Import.Writing;

/// <summary>Turns what a reader produced into the one batch the ledger records.</summary>
public static class ImportBatchConverter
{
    /// <summary>The batch of <paramref name="set"/>: every record it holds (fills, orders and settings streamed while read are not among them).</summary>
    public static LedgerBatch ToBatch(ImportSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var fills = set.Fills;
        return new LedgerBatch
        {
            Signals = set.Signals,
            Decisions = set.Decisions,
            Orders = set.Orders,

            // Positions and P&L follow the order fills are recorded in, so that order must be the market's.
            Fills = TimeOrder.Sort(fills, f => f.Timestamp, f => f.Id),
            CashFlows = TimeOrder.Sort(set.CashFlows, f => f.Timestamp, f => f.Id),
            Snapshots = set.Snapshots,
            PriceBars = set.PriceBars,
            FxRates = set.FxRates,
            Settings = set.Settings.Skip(set.Streamed.SettingsSent).ToList(),
        };
    }

    /// <summary>Rows read per kind, under the names the ledger reports its counts with.</summary>
    public static IReadOnlyDictionary<string, int> ReadCounts(ImportSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["signals"] = set.Signals.Count,
            ["decisions"] = set.Decisions.Count,
            ["orders"] = set.Orders.Count + set.Streamed.Orders,
            ["fills"] = set.FillCount,
            ["cash_flows"] = set.CashFlows.Count,
            ["snapshots"] = set.Snapshots.Count,
            ["price_bars"] = set.PriceBars.Count,
            ["fx_rates"] = set.FxRates.Count,
            ["settings"] = set.Settings.Count,
        };
        return counts.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
    }
}
