using System.Data.Common;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Rebuilds the positions and rollups of some products from the fills and cash flows that remain,
/// after rows were removed (an import rolled back). The ledger replays each product in time order
/// through the same steps that record a fill: there is no second accounting engine.
/// </summary>
public static class LedgerRebuild
{
    public static void RebuildProducts(TradebookDatabase database, DbConnection connection, DbTransaction transaction, IEnumerable<(long BotId, long InstrumentId)> products, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(products);
        using var writer = new BatchWriter(database, connection, transaction, now, importBatchId: null);
        writer.Rebuild(products);
    }
}
