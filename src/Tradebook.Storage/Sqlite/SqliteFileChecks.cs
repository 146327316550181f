using System.Data.Common;
using Microsoft.Data.Sqlite;
using Tradebook.Storage.Connection;


namespace Tradebook.Storage.Sqlite;

/// <summary>Checks on a SQLite Tradebook file: integrity, row counts, and when it was last written to.</summary>
public static class SqliteFileChecks
{
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    /// <summary>
    /// Whether the file starts with SQLite's 16-byte header: a 0-byte file or another kind of file does not.
    /// Read with sharing, so that a file another program holds open is looked at, never locked.
    /// </summary>
    public static bool HasSqliteHeader(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> start = stackalloc byte[16];
            return stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length && start.SequenceEqual(Header);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The tables of a SQLite file that has tables but no <c>schema_migrations</c>: another program's
    /// database. Empty for a Tradebook database, an empty one, and one that cannot be read.
    /// </summary>
    public static IReadOnlyList<string> ForeignTables(string path)
    {
        if (!HasSqliteHeader(path))
        {
            return [];
        }

        try
        {
            using var connection = OpenToLook(path);
            using var list = connection.CreateCommand();
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            var tables = new List<string>();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }

            return tables.Contains("schema_migrations") ? [] : tables;
        }
        catch (SqliteException)
        {
            return [];
        }
    }

    /// <summary>
    /// Why <paramref name="path"/> is not a Tradebook database this Tradebook can use, or null when it is: a
    /// SQLite file whose <c>schema_migrations</c> lists only shipped migrations, each with its shipped checksum.
    /// Reads the header and the history only, not every page (see <see cref="Verify"/> for that).
    /// </summary>
    public static string? NotTradebook(string path, IReadOnlyList<Storage.Migrations.Migration> shipped)
    {
        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            return "it is empty (0 bytes)";
        }

        if (!HasSqliteHeader(path))
        {
            return "it is not a SQLite database";
        }

        try
        {
            using var connection = OpenToLook(path);
            using (var exists = connection.CreateCommand())
            {
                exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
                if (Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
                {
                    return "it holds no Tradebook schema (another program's database?)";
                }
            }

            using var history = connection.CreateCommand();
            history.CommandText = "SELECT version, checksum FROM schema_migrations ORDER BY version";
            using var reader = history.ExecuteReader();
            var versions = 0;
            while (reader.Read())
            {
                versions++;
                var version = reader.GetInt64(0);
                var checksum = reader.IsDBNull(1) ? string.Empty : Convert.ToString(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                var migration = shipped.FirstOrDefault(m => m.Version == version);
                if (migration is null)
                {
                    return $"its schema has migration {version}, which this Tradebook does not ship (written by a newer Tradebook?)";
                }

                if (!string.Equals(migration.Checksum, checksum, StringComparison.Ordinal))
                {
                    return $"its migration {version} does not match the one this Tradebook ships";
                }
            }

            return versions == 0 ? "it holds no Tradebook schema (no migration applied)" : null;
        }
        catch (SqliteException e)
        {
            return $"it cannot be read ({e.Message})";
        }
    }

    /// <summary>
    /// Whether another connection has the WAL database at <paramref name="path"/> open: a running server, a bot, a
    /// script. Leaving WAL mode needs the only connection to the file, so a connection that cannot leave it is not
    /// alone; one that can leaves the file in rollback-journal mode, which Tradebook's next open turns back to WAL.
    /// Only for a database about to be replaced. The caller's own pooled connections are closed first.
    /// </summary>
    public static bool OpenElsewhere(string path)
    {
        SqliteBootstrap.EnsureInitialized();
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 1 }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = DELETE";
        try
        {
            return !string.Equals(command.ExecuteScalar() as string, "delete", StringComparison.OrdinalIgnoreCase);
        }
        catch (SqliteException e) when ((e.SqliteErrorCode & 0xFF) is 5 or 6)
        {
            return true;
        }
    }

    public static SqliteConnection OpenReadOnly(string path)
    {
        SqliteBootstrap.EnsureInitialized();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Opens a file that may not be Tradebook's to look at it: read-only and immutable, so SQLite takes no
    /// lock and creates no -wal or -shm file beside it. Only for files no one writes meanwhile.
    /// </summary>
    public static SqliteConnection OpenToLook(string path)
    {
        SqliteBootstrap.EnsureInitialized();
        var uri = "file:" + string.Concat(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(path)).Select(b => char.IsAsciiLetterOrDigit((char)b) || b is (byte)'/' or (byte)'.' or (byte)'-' or (byte)'_' ? ((char)b).ToString() : $"%{b:X2}")) + "?immutable=1";
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = uri, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>Problems found in <paramref name="path"/>; with <paramref name="expectedCounts"/>, also every table whose count differs.</summary>
    public static List<string> Verify(string path, IReadOnlyDictionary<string, long>? expectedCounts)
    {
        var problems = new List<string>();
        try
        {
            using var connection = OpenReadOnly(path);
            if (SqliteCondition.IntegrityProblemsOf(connection) is { Count: > 0 } damage)
            {
                problems.Add($"integrity_check: {damage[0]}");
                return problems;
            }

            if (expectedCounts is not null)
            {
                var counts = RowCounts(connection, null);
                foreach (var (table, expected) in expectedCounts)
                {
                    var actual = counts.GetValueOrDefault(table, -1);
                    if (actual != expected)
                    {
                        problems.Add($"{table}: {actual} rows, expected {expected}");
                    }
                }
            }
        }
        catch (SqliteException e)
        {
            problems.Add(e.Message);
        }

        return problems;
    }

    public static Dictionary<string, long> RowCounts(DbConnection connection, DbTransaction? transaction)
    {
        var tables = new List<string>();
        using (var list = connection.Command(transaction, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
        using (var reader = list.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            using var count = connection.Command(transaction, $"SELECT COUNT(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"");
            counts[table] = Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }

    /// <summary>The newest recorded_at, import or migration in the file: when it was last written to by Tradebook.</summary>
    public static DateTimeOffset? LastActivity(string path)
    {
        using var connection = OpenReadOnly(path);
        var columns = new List<(string Table, string Column)>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = """
                SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
                WHERE m.type = 'table' AND p.name IN ('recorded_at', 'applied_at', 'started_at', 'finished_at', 'created_at')
                """;
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        DateTimeOffset? newest = null;
        foreach (var (table, column) in columns)
        {
            using var max = connection.CreateCommand();
            max.CommandText = $"SELECT MAX(\"{column}\") FROM \"{table}\"";
            if (StoredTime.ReadOrNull(max.ExecuteScalar()) is { } at && (newest is null || at > newest))
            {
                newest = at;
            }
        }

        return newest;
    }
}
