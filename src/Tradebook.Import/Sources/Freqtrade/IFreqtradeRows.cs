using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources.Freqtrade;

/// <summary>
/// Where a freqtrade bot's trades and orders come from: its database (<see cref="FreqtradeDatabaseRows"/>) or a
/// backtest's result file (<see cref="FreqtradeBacktestRows"/>). Both are read by one <see cref="FreqtradeMapping"/>,
/// so fees, amount steps and the reconciliation with freqtrade's own profit are the same for both.
/// </summary>
internal interface IFreqtradeRows
{
    /// <summary>The mode the source itself is (a backtest), or null when its rows decide it (dry-run order ids).</summary>
    BotMode? Mode { get; }

    /// <summary>Each bot's strategy and the name of where it traded, which names the bot.</summary>
    List<(string Strategy, string Exchange)> Groups();

    /// <summary>The exchange a group's bot is recorded with.</summary>
    string? ExchangeOf((string Strategy, string Exchange) group) => group.Exchange;

    HashSet<(string Strategy, string Exchange, string OrderId)> RepeatedOrderIds();

    /// <summary>Every trade with its orders; walked twice, so each walk reads the source again.</summary>
    IEnumerable<(FreqtradeTrade Trade, List<FreqtradeOrder> Orders)> TradesWithOrders();

    IEnumerable<FreqtradeOrder> OrphanOrders();

    bool AnyDryRunId();

    long CountOrders();
}

/// <summary>A freqtrade database's rows, as <see cref="FreqtradeTables"/> reads them.</summary>
internal sealed class FreqtradeDatabaseRows(Microsoft.Data.Sqlite.SqliteConnection connection, SqliteSchema schema) : IFreqtradeRows
{
    public BotMode? Mode => null;

    public List<(string Strategy, string Exchange)> Groups() => FreqtradeTables.Groups(connection, schema);

    public HashSet<(string Strategy, string Exchange, string OrderId)> RepeatedOrderIds() => FreqtradeTables.RepeatedOrderIds(connection, schema);

    public IEnumerable<(FreqtradeTrade Trade, List<FreqtradeOrder> Orders)> TradesWithOrders() => FreqtradeTables.TradesWithOrders(connection, schema);

    public IEnumerable<FreqtradeOrder> OrphanOrders() => FreqtradeTables.OrphanOrders(connection, schema);

    public bool AnyDryRunId() => FreqtradeTables.AnyDryRunId(connection, schema);

    public long CountOrders() => FreqtradeTables.CountOrders(connection, schema);
}
