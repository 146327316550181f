using Tradebook.Demo;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests.Dashboard;

/// <summary>A server with the demo's bots trading on it, and a browser to look at it.</summary>
public abstract class DemoSite(StorageEngine engine) : IAsyncLifetime
{
    private readonly CancellationTokenSource _stopDemo = new();
    private TestDatabase? _db;
    private Task? _demo;

    public RunningServer Server { get; private set; } = null!;

    public Browser Browser { get; private set; } = null!;

    public TestDatabase Db => _db!;

    /// <summary>The demo's four bots, by the names the demo gives them.</summary>
    public static readonly string[] DemoBots = ["grid-eth", "llm-analyst-sol", "ma-cross-btc", "perp-momentum-btc"];

    public async Task InitializeAsync()
    {
        if (engine.Engine == Storage.Connection.SqlEngine.Postgres && TestPostgres.SkipReason is not null)
        {
            return;
        }

        _db = engine.CreateDatabase().Migrated();
        Server = await RunningServer.StartAsync(_db);
        var options = new DemoOptions { BarsPerSecond = 8, BackfillBars = 120 };
        _demo = DemoRunner.RunAsync(Server.Address, options, _stopDemo.Token);
        Browser = await Browser.LaunchAsync();
        await WaitForBots(DemoBots.Length, TimeSpan.FromSeconds(30));
    }

    /// <summary>Stops the demo's bots and waits until they have stopped writing.</summary>
    public async Task StopDemo()
    {
        await _stopDemo.CancelAsync();
        if (_demo is not null)
        {
            await _demo;
        }
    }

    public async Task DisposeAsync()
    {
        await StopDemo();
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        _db?.Dispose();
        _stopDemo.Dispose();
    }

    private async Task WaitForBots(int count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_demo is { IsFaulted: true })
            {
                await _demo;
            }

            if ((await Server.GetJson("/api/v1/bots")).GetProperty("bots").GetArrayLength() >= count)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the demo did not create {count} bots within {timeout.TotalSeconds} s");
    }
}

public sealed class SqliteDemoSite() : DemoSite(StorageEngine.Sqlite);

public sealed class PostgresDemoSite() : DemoSite(StorageEngine.Postgres);
