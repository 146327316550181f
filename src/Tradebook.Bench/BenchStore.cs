using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Migrations;
using Tradebook.Storage.Reads;

namespace Tradebook.Bench;

/// <summary>A fresh Tradebook database of the store benchmark, with the bench bot and what writes and reads it.</summary>
internal sealed class BenchStore : IDisposable
{
    public const string Bot = "bench";

    private BenchStore(TradebookDatabase database)
    {
        Database = database;
        new Migrator(database).Migrate();
        Ledger = new LedgerWriter(database, TimeProvider.System);
        Reader = new LedgerReader(database);
        Executions = new Executions(database);
        Bots = new BotDirectory(database, TimeProvider.System, TimeSpan.FromMinutes(5));
        RoundTrips = new RoundTripHistory(database);
        History = new EquityHistory(database);
        Ledger.AddBot(new BotSpec(Bot, BotMode.Paper));
    }

    public TradebookDatabase Database { get; }

    public LedgerWriter Ledger { get; }

    public LedgerReader Reader { get; }

    public Executions Executions { get; }

    public BotDirectory Bots { get; }

    public RoundTripHistory RoundTrips { get; }

    public EquityHistory History { get; }

    /// <summary>The bench bot's fills; every store draws the same sequence.</summary>
    public FillGenerator Generator { get; } = new(11, Bot, 10);

    public static BenchStore Create(string folder, string file) =>
        new(new TradebookDatabase(DatabaseTarget.Parse(Path.Combine(folder, file), "bench", folder)));

    public void Dispose() => Database.Dispose();
}
