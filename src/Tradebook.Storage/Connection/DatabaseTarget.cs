using Tradebook.Core;

namespace Tradebook.Storage.Connection;

/// <summary>Which database to use, and the rule that picked it; every command states both.</summary>
/// <param name="ConnectionString">An ADO.NET connection string for <paramref name="Engine"/>.</param>
/// <param name="Display">What to show the user: the absolute SQLite path, or the PostgreSQL target without its password.</param>
/// <param name="Rule">Which resolution rule chose it, e.g. "--db option" or "TRADEBOOK_DB environment variable".</param>
public sealed record DatabaseTarget(SqlEngine Engine, string ConnectionString, string Display, string Rule)
{
    /// <summary>The SQLite file, or null on PostgreSQL.</summary>
    public string? FilePath { get; init; }

    /// <summary>
    /// Reads a user's database argument: a PostgreSQL URL (<c>postgres://…</c>) or keyword string
    /// (<c>Host=…</c>) selects PostgreSQL; anything else is a SQLite path, made absolute against
    /// <paramref name="baseDirectory"/>.
    /// </summary>
    public static DatabaseTarget Parse(string value, string rule, string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var text = value.Trim();
        if (PostgresConnectionString.Matches(text))
        {
            var connectionString = PostgresConnection(text, rule);
            return new DatabaseTarget(SqlEngine.Postgres, connectionString, PostgresConnectionString.Redact(connectionString), rule);
        }

        if (text.StartsWith("sqlite:///", StringComparison.OrdinalIgnoreCase))
        {
            text = text["sqlite:///".Length..];
        }

        // No file system takes a NUL in a name; .NET would throw deep inside the first open.
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"the database path from the {rule} holds a NUL character; give a SQLite path or a PostgreSQL connection string");
        }

        var path = Path.GetFullPath(ExpandHome(text), baseDirectory);
        return new DatabaseTarget(SqlEngine.Sqlite, SqliteConnections.ConnectionString(path), path, rule) { FilePath = path };
    }

    /// <summary>
    /// The keyword form of a PostgreSQL target, checked now: a bad port, an unknown keyword or a missing host
    /// is the user's to fix, not a crash when the first connection opens. The message never repeats the
    /// string itself, which may hold a password.
    /// </summary>
    private static string PostgresConnection(string text, string rule)
    {
        string connectionString;
        try
        {
            connectionString = PostgresConnectionString.Normalize(text);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"the PostgreSQL connection string from the {rule} is not usable ({e.Message}); expected postgres://user:password@host:port/database or Host=…;Port=…;Database=…", e);
        }

        return string.IsNullOrWhiteSpace(new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Host)
            ? throw new TradebookException(ErrorCode.InvalidInput, $"the PostgreSQL connection string from the {rule} names no host; expected postgres://user:password@host:port/database or Host=…;Port=…;Database=…")
            : connectionString;
    }

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~').TrimStart('/'))
            : path;
}
