using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

internal sealed partial class LedgerSession
{
    private readonly HashSet<(long Bot, long Instrument)> _locked = [];

    /// <summary>
    /// Products are read, changed and written back whole. SQLite's BEGIN IMMEDIATE already lets one
    /// writer in at a time; on PostgreSQL two writers of one product would each write back their own
    /// sum, so each product is held by a transaction-scoped advisory lock, taken before it is read.
    /// All of a batch's products are locked up front in one order, so that two batches cannot deadlock.
    /// </summary>
    private void LockProducts(IEnumerable<(string? Bot, string? Symbol)> named) =>
        LockProducts(named
            .Where(p => !string.IsNullOrWhiteSpace(p.Bot) && !string.IsNullOrWhiteSpace(p.Symbol))
            .Distinct()
            .Select(p => (Bot(p.Bot!).Id, Instrument(p.Symbol!).Id)));

    private void LockProducts(IEnumerable<(long Bot, long Instrument)> products)
    {
        if (database.Engine != SqlEngine.Postgres)
        {
            return;
        }

        foreach (var product in products.Where(p => !_locked.Contains(p)).Distinct().Order())
        {
            using var command = connection.Command(transaction, "SELECT pg_advisory_xact_lock(@bot, @instrument)");
            command.Add("@bot", checked((int)product.Bot));
            command.Add("@instrument", checked((int)product.Instrument));
            command.ExecuteNonQuery();
            _locked.Add(product);
        }
    }
}
