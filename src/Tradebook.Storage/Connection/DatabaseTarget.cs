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
            var connectionString = PostgresConnectionString.Normalize(text);
            return new DatabaseTarget(SqlEngine.Postgres, connectionString, PostgresConnectionString.Redact(connectionString), rule);
        }

        if (text.StartsWith("sqlite:///", StringComparison.OrdinalIgnoreCase))
        {
            text = text["sqlite:///".Length..];
        }

        var path = Path.GetFullPath(ExpandHome(text), baseDirectory);
        return new DatabaseTarget(SqlEngine.Sqlite, SqliteConnections.ConnectionString(path), path, rule) { FilePath = path };
    }

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~').TrimStart('/'))
            : path;
}
