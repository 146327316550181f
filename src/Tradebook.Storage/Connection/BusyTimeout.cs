using System.Globalization;

namespace Tradebook.Storage.Connection;

/// <summary>
/// How long a writer waits for another's lock before giving up with <c>database_locked</c>: 30 s, or
/// TRADEBOOK_BUSY_TIMEOUT_MS when set to a positive whole number. It bounds SQLite's wait for the store's write
/// lock and PostgreSQL's wait for a product another transaction holds (an import holds each product it wrote
/// until it commits). Read at every use, so that scripts and tests that cannot wait half a minute can shorten it.
/// </summary>
public static class BusyTimeout
{
    public const string Variable = "TRADEBOOK_BUSY_TIMEOUT_MS";

    private static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static TimeSpan Value =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : Default;
}
