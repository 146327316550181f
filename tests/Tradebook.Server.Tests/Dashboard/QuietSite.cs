using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests.Dashboard;

/// <summary>A server of its own on a new SQLite database, with no demo writing to it, and a browser: for a test that makes every write itself.</summary>
internal sealed class QuietSite : IAsyncDisposable
{
    private QuietSite(TestDatabase db, RunningServer server, Browser browser) => (Db, Server, Browser) = (db, server, browser);

    public TestDatabase Db { get; }

    public RunningServer Server { get; }

    public Browser Browser { get; }

    public static async Task<QuietSite> StartAsync(ServerOptions? options = null)
    {
        var db = StorageEngine.Sqlite.CreateDatabase().Migrated();
        var server = await RunningServer.StartAsync(db, options ?? RunningServer.Fast);
        return new QuietSite(db, server, await Browser.LaunchAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Server.DisposeAsync();
        Db.Dispose();
    }
}
