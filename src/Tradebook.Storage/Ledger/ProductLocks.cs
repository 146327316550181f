using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Products are read, changed and written back whole. SQLite's BEGIN IMMEDIATE already lets one
/// writer in at a time; on PostgreSQL two writers of one product would each write back their own
/// sum, so each product is held by a transaction-scoped advisory lock, taken before it is read.
/// All of a batch's products are locked up front in one order, so that two batches cannot deadlock.
/// Advisory locks belong to the PostgreSQL database, not to a schema: the key names the schema with the
/// product, so that Tradebook databases kept as schemas of one database, whose bots and products have the
/// same ids, never wait for each other.
/// </summary>
internal sealed class ProductLocks(WriteContext context, NaturalKeys keys)
{
    private readonly HashSet<(long Bot, long Instrument)> _locked = [];

    /// <summary>Locks the products named by bot and symbol; a record without either names no product.</summary>
    public void Lock(IEnumerable<(string? Bot, string? Symbol)> named) =>
        Lock(named
            .Where(p => !string.IsNullOrWhiteSpace(p.Bot) && !string.IsNullOrWhiteSpace(p.Symbol))
            .Distinct()
            .Select(p => (keys.Bot(p.Bot!).Id, keys.Instrument(p.Symbol!).Id)));

    public void Lock(IEnumerable<(long Bot, long Instrument)> products)
    {
        if (context.Database.Engine != SqlEngine.Postgres)
        {
            return;
        }

        foreach (var product in products.Where(p => !_locked.Contains(p)).Distinct().Order())
        {
            using var command = context.Command("SELECT pg_advisory_xact_lock(hashtextextended('tradebook.product.' || current_schema() || '.' || @bot || '.' || @instrument, 0))");
            command.Add("@bot", product.Bot.ToString(System.Globalization.CultureInfo.InvariantCulture));
            command.Add("@instrument", product.Instrument.ToString(System.Globalization.CultureInfo.InvariantCulture));
            command.ExecuteNonQuery();
            _locked.Add(product);
        }
    }
}
