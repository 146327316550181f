using Tradebook.Core.Domain;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Everything one call records, in one transaction: a bot turn (signals, decision, orders, fills,
/// snapshot), a file of fills, or an import. Settings are applied first (a dust setting decides how the
/// fills are accounted), then the rows in the order of the properties below, so that a decision can
/// cite the signals and an order the decision recorded with it.
/// </summary>
public sealed record LedgerBatch
{
    public IReadOnlyList<SignalRecord> Signals { get; init; } = [];

    public IReadOnlyList<DecisionRecord> Decisions { get; init; } = [];

    public IReadOnlyList<OrderRecord> Orders { get; init; } = [];

    public IReadOnlyList<FillRecord> Fills { get; init; } = [];

    public IReadOnlyList<CashFlowRecord> CashFlows { get; init; } = [];

    public IReadOnlyList<SnapshotRecord> Snapshots { get; init; } = [];

    public IReadOnlyList<PriceBar> PriceBars { get; init; } = [];

    public IReadOnlyList<FxRate> FxRates { get; init; } = [];

    public IReadOnlyList<Setting> Settings { get; init; } = [];

    public int Count => Signals.Count + Decisions.Count + Orders.Count + Fills.Count + CashFlows.Count + Snapshots.Count + PriceBars.Count + FxRates.Count + Settings.Count;
}
