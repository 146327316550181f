using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests.Support;

/// <summary>The base of the API tests: a migrated database of its own and a server on it, on the subclass's engine.</summary>
public abstract class ServerTest(StorageEngine engine) : IAsyncLifetime
{
    private RunningServer? _server;

    protected StorageEngine Engine { get; } = engine;

    protected TestDatabase Db { get; private set; } = null!;

    protected RunningServer Server => _server ?? throw new InvalidOperationException("the server starts in InitializeAsync");

    protected virtual ServerOptions Options => RunningServer.Fast;

    public async Task InitializeAsync()
    {
        Db = Engine.CreateDatabase().Migrated();
        _server = await RunningServer.StartAsync(Db, Options);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Db.Dispose();
    }
}
