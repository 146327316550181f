namespace Tradebook.Server;

/// <summary>How a Tradebook server runs. The defaults suit one user on one machine.</summary>
public sealed record ServerOptions
{
    /// <summary>Where Kestrel listens; loopback only until Tradebook has authentication.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary>
    /// Host names the server answers to besides loopback ones (localhost, *.localhost, 127.0.0.0/8, [::1]): the
    /// public name a reverse proxy forwards in the Host header. A request for any other host is refused.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>
    /// Origins of the user's own web pages (<c>http://localhost:3000</c>) that may read and write the API from a
    /// browser, as the server's own dashboard does; none by default. See <c>Hosting/CrossOrigins</c>.
    /// </summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>A bot with neither a heartbeat nor a write for this long is shown as stale.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the server looks for commits made by other processes.</summary>
    public TimeSpan ChangePollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often an idle event stream gets a ping, so that proxies keep it open.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Change log entries older than this are deleted, keeping at least <see cref="ChangeLogKeep"/>.</summary>
    public TimeSpan ChangeLogRetention { get; init; } = TimeSpan.FromDays(7);

    public int ChangeLogKeep { get; init; } = 10_000;

    /// <summary>The largest request body accepted; a larger one is answered 413.</summary>
    public long MaxBodyBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>At most this many concurrent write requests share one commit.</summary>
    public int MaxGroupCommit { get; init; } = 256;

    /// <summary>
    /// How long a write waits for another writer's hold (an import, a large <c>tradebook record</c>: on SQLite the
    /// file, on PostgreSQL the bot's product) before it is answered 503 with Retry-After, at most the busy timeout:
    /// shorter than a bot's HTTP timeout usually is. After one such wait the writes after it wait less for the same
    /// lock until it is taken again: a second for the file, not at all for a product (<c>LockWaits</c>).
    /// </summary>
    public TimeSpan WriteLockWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether the server reads each bot's history and checks the database's integrity as it starts, before
    /// anyone asks (<c>Caching/StartupWarmup</c>).
    /// </summary>
    public bool WarmUpAtStart { get; init; } = true;

    /// <summary>Free disk below which the server is not ready (SQLite only).</summary>
    public long MinFreeDiskBytes { get; init; } = 64 * 1024 * 1024;
}
