using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Migrations;

namespace Tradebook.Storage.CrashChild;

/// <summary>
/// A separate process the storage tests start, kill and run side by side:
/// <c>migrate (--sqlite PATH | --pg CONNECTION) [--at UNIX_MS]</c> migrates to the latest version;
/// <c>record --sqlite PATH --seed N --fills N --bots a,b [--prefix P] [--at UNIX_MS]</c> records
/// deterministic fills, one transaction per batch, and prints each fill id only after its batch committed.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        try
        {
            var options = Options.Parse(args);
            using var database = new TradebookDatabase(options.Target());
            return args[0] switch
            {
                "migrate" => Migrate(database, options),
                "record" => Record(database, options),
                _ => Usage(),
            };
        }
        catch (TradebookException e)
        {
            Console.Error.WriteLine($"{e.Code}: {e.Message}");
            return 2;
        }
    }

    private static int Migrate(TradebookDatabase database, Options options)
    {
        var migrator = new Migrator(database);

        // Warmed up before the common start (native SQLite loaded, code compiled), so that the
        // processes reach the database together instead of in the order they happened to load.
        using (var warm = SqliteConnections.Open("Data Source=:memory:"))
        {
            Schema.SchemaInspector.Inspect(warm, SqlEngine.Sqlite);
        }

        WaitUntil(options.StartAt);
        var result = migrator.Migrate();
        foreach (var version in result.Applied)
        {
            Console.Out.WriteLine($"applied {version}");
        }

        return 0;
    }

    private static int Record(TradebookDatabase database, Options options)
    {
        var ledger = new Ledger.LedgerWriter(database, TimeProvider.System);
        var fills = FillScript.Generate(options.Seed, options.Fills, options.Bots, options.Prefix);
        var batches = FillScript.Batches(fills, options.Seed);
        WaitUntil(options.StartAt);
        new Migrator(database).Migrate();
        for (var i = 0; i < options.Bots.Count; i++)
        {
            ledger.AddBot(FillScript.Bot(options.Bots[i]));
        }

        using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        foreach (var batch in batches)
        {
            ledger.Record(new LedgerBatch { Fills = batch });

            // Reported only now: a reported id is a promise that the fill is committed.
            stdout.Write(string.Concat(batch.Select(f => f.Id + "\n")));
        }

        return 0;
    }

    private static void WaitUntil(long? unixMs)
    {
        if (unixMs is not { } at)
        {
            return;
        }

        while (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() < at)
        {
            Thread.SpinWait(100);
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: migrate|record (--sqlite PATH | --pg CONNECTION) [--seed N] [--fills N] [--bots a,b] [--prefix P] [--at UNIX_MS]");
        return 64;
    }
}
