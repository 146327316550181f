using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Support;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Cli.Tests.Import;

/// <summary>
/// A fresh database and a private copy of the import samples: reading a WAL-mode sample can fold its
/// WAL into the file, so the shared test data is never opened in place.
/// </summary>
public sealed class SampleWorkspace : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public SampleWorkspace()
    {
        SqliteBootstrap.EnsureInitialized();
        Samples = Path.Combine(_workspace.Folder, "samples");
        var init = Run("init");
        Assert.True(init.ExitCode == 0, init.ToString());
    }

    public string Folder => _workspace.Folder;

    public string Database => _workspace.DatabasePath;

    public string Samples { get; }

    /// <summary>Tables whose rows an import writes (or a failed import must leave alone).</summary>
    public static readonly string[] ImportTables =
        ["bots", "orders", "fills", "positions", "product_rollups", "cash_flows", "decisions", "signals", "equity_snapshots", "price_bars", "fx_rates", "settings", "instruments"];

    /// <summary>A private copy of one sample file (with its -wal and -shm) or folder.</summary>
    public string Sample(string relative)
    {
        var from = Path.Combine(AppContext.BaseDirectory, "TestData", "samples", relative);
        var to = Path.Combine(Samples, relative);
        if (Directory.Exists(from))
        {
            CopyFolder(from, to);
            return to;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(from + suffix) && !File.Exists(to + suffix))
            {
                File.Copy(from + suffix, to + suffix);
            }
        }

        return to;
    }

    public CliResult Run(params string[] args) => _workspace.Run(args);

    /// <summary>Imports and returns the parsed JSON report; the import must succeed.</summary>
    public JsonElement Import(params string[] sources)
    {
        var result = Run(["import", .. sources, "--json", "--no-backup"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Json();
    }

    public long Count(string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(Query(sql, parameters).Single()[0], CultureInfo.InvariantCulture);

    /// <summary>Sums a column of decimal text exactly, as the store keeps amounts as text.</summary>
    public decimal Sum(string sql, params (string Name, object Value)[] parameters) =>
        Query(sql, parameters).Sum(r => r[0] is null ? 0m : decimal.Parse(Convert.ToString(r[0], CultureInfo.InvariantCulture)!, NumberStyles.Float, CultureInfo.InvariantCulture));

    public List<object?[]> Query(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Row counts of every table an import writes, and a hash of every fill: the database's content as an import sees it.</summary>
    public string Fingerprint() => Fingerprint(Database);

    public static string Fingerprint(string database)
    {
        SqliteBootstrap.EnsureInitialized();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        var text = new StringBuilder();
        foreach (var table in ImportTables)
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM {table}";
            text.Append(CultureInfo.InvariantCulture, $"{table}={count.ExecuteScalar()};");
        }

        using var fills = connection.CreateCommand();
        fills.CommandText = "SELECT bot_id, external_id, quantity, price, fee, ts, realized_pnl FROM fills ORDER BY bot_id, external_id";
        using var reader = fills.ExecuteReader();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) + "\u001f"));
            }
        }

        return text + "fills#" + Convert.ToHexString(hash.GetHashAndReset());
    }

    public static JsonElement LegacyExpected(string family)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "legacy-expected", family + ".json")));
        return document.RootElement.GetProperty("figures").Clone();
    }

    public static JsonElement RealExpected(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "samples", "real-dbs", "expected.json")));
        var entry = document.RootElement.GetProperty(file);
        return (entry.TryGetProperty("with_wal", out var wal) ? wal : entry.GetProperty("main_only")).Clone();
    }

    public void Dispose() => _workspace.Dispose();

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
