using Tradebook.Storage.Ledger;

namespace Tradebook.Import.Writing;

/// <summary>Turns what a reader produced into the one batch the ledger records.</summary>
public static class ImportBatchConverter
{
    /// <summary>The batch of <paramref name="set"/>, less its first <paramref name="fillsRecorded"/> fills, recorded as they were read.</summary>
    public static LedgerBatch ToBatch(ImportSet set, int fillsRecorded = 0)
    {
        ArgumentNullException.ThrowIfNull(set);
        var fills = fillsRecorded == 0 ? set.Fills : set.Fills.GetRange(fillsRecorded, set.Fills.Count - fillsRecorded);
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
            Settings = set.Settings,
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
            ["orders"] = set.Orders.Count,
            ["fills"] = set.Fills.Count,
            ["cash_flows"] = set.CashFlows.Count,
            ["snapshots"] = set.Snapshots.Count,
            ["price_bars"] = set.PriceBars.Count,
            ["fx_rates"] = set.FxRates.Count,
            ["settings"] = set.Settings.Count,
        };
        return counts.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
    }
}
