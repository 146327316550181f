using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>
/// A corpus of damaged databases (truncated, bytes flipped, pages zeroed, tables dropped, WAL frames damaged or
/// cut) run through every command that opens a database, reading or writing, and through restore as its backup:
/// each ends with a documented exit code and at most one <c>error:</c> line, never an unhandled exception; a
/// failed backup leaves no file, and a restore leaves a database that passes integrity_check.
/// </summary>
public sealed class DamagedDatabaseCorpusTests : IClassFixture<DamagedDatabaseCorpusTests.Ledger>
{
    private readonly Ledger _ledger;

    public DamagedDatabaseCorpusTests(Ledger ledger) => _ledger = ledger;

    /// <summary>One sound ledger, built once, that each case copies and damages.</summary>
    public sealed class Ledger : IDisposable
    {
        private readonly TempWorkspace _workspace = new();

        public Ledger()
        {
            Assert.Equal(0, _workspace.Run("init").ExitCode);
            Assert.Equal(0, _workspace.Run("bots", "add", "alpha", "--mode", "paper").ExitCode);
            var lines = Enumerable.Range(0, 1500).Select(i => Fills.Line("alpha", $"f{i}", i % 2 == 0 ? "BTC/USDT" : "ETH/USDT", i % 3 == 0 ? "sell" : "buy", 1, 100 + (i % 7), minute: i % 60));
            Assert.Equal(0, _workspace.Run("record", _workspace.WriteFile("fills.jsonl", Fills.Lines([.. lines]))).ExitCode);
            DamagedFile.Checkpoint(_workspace.DatabasePath);
            Path = _workspace.DatabasePath;
            WalPath = System.IO.Path.Combine(_workspace.Folder, "with-wal.db");
            DamagedFile.WithUncheckpointedWal(Path, WalPath);
        }

        public string Path { get; }

        /// <summary>The same ledger with its last commit (every fill rewritten) still in its <c>-wal</c>, not in the file.</summary>
        public string WalPath { get; }

        public void Dispose() => _workspace.Dispose();
    }

    public static TheoryData<string> Damages => new()
    {
        "truncate:0.5", "truncate:0.9", "truncate:0.01", "truncate:0",
        "zero:1", "zero:2", "zero:3", "zero:middle", "zero:last",
        "flip:1:1", "flip:16:2", "flip:200:3", "flip:2000:4",
        "table-page",
        "drop:fills", "drop:positions", "drop:schema_migrations",
        "wal:1:5", "wal:40:6", "wal-truncate:0.5",
    };

    /// <summary>Every command that opens the database, reading or writing; restore takes the damaged file as its backup.</summary>
    private static readonly string[][] Commands =
    [
        ["doctor"], ["backup"], ["migrate", "status"], ["migrate"], ["migrate", "drift"], ["pnl"], ["positions"], ["trades"],
        ["bots", "list"], ["record"], ["import"], ["restore"], ["convert"],
    ];

    public static TheoryData<string, string[]> Cases()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var damage in Damages)
        {
            foreach (var command in Commands)
            {
                data.Add(damage, command);
            }
        }

        return data;
    }

    private static void Damage(string path, string damage)
    {
        var parts = damage.Split(':');
        switch (parts[0])
        {
            case "truncate":
                DamagedFile.Truncate(path, double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
                break;
            case "zero":
                var pages = (int)(new FileInfo(path).Length / 4096);
                DamagedFile.ZeroPage(path, parts[1] switch { "middle" => pages / 2, "last" => pages, var n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) });
                break;
            case "flip":
                DamagedFile.FlipBytes(path, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
                break;
            case "drop":
                DamagedFile.DropTable(path, parts[1]);
                break;
            case "wal":
                DamagedFile.FlipBytes(path + "-wal", int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
                break;
            case "wal-truncate":
                DamagedFile.Truncate(path + "-wal", double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                DamagedFile.DamageTablePage(path);
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void a_damaged_database_gives_a_documented_exit_and_at_most_one_error_line(string damage, string[] command)
    {
        using var workspace = new TempWorkspace();
        var damaged = command is ["restore"] ? Path.Combine(workspace.Folder, "damaged-backup.db") : workspace.DatabasePath;
        var wal = damage.StartsWith("wal", StringComparison.Ordinal);
        File.Copy(wal ? _ledger.WalPath : _ledger.Path, damaged);
        if (wal)
        {
            File.Copy(_ledger.WalPath + "-wal", damaged + "-wal");
        }

        Damage(damaged, damage);
        if (command is ["restore"])
        {
            Assert.Equal(0, workspace.Run("init").ExitCode);
        }

        string[] args = command switch
        {
            ["record"] => ["record", workspace.WriteFile("more.jsonl", Fills.Lines(Fills.Line("alpha", "late", "BTC/USDT", "buy", 1, 100, minute: 59)))],
            ["import"] => ["import", SqliteScript.Create(Path.Combine(workspace.Folder, "source.sqlite"), SmallTradesTable), "--no-backup"],
            ["restore"] => ["restore", damaged, "--force"],
            ["convert"] => ["convert", "--to", Path.Combine(workspace.Folder, "converted.db")],
            _ => command,
        };

        var result = workspace.Run(args);

        Assert.InRange(result.ExitCode, 0, 6);
        var errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count <= 1, result.ToString());
        // The commands that report on a database say what they found on stdout, not in an error line.
        if (result.ExitCode != 0 && command is not (["doctor"] or ["migrate", "status"] or ["migrate", "drift"]))
        {
            Assert.True(errors.Count == 1, result.ToString());
        }

        var backups = Path.Combine(workspace.Folder, "backups");
        if (Directory.Exists(backups))
        {
            Assert.All(Directory.GetFiles(backups), f => Assert.True(new FileInfo(f).Length > 0 && result.ExitCode == 0, $"{f} left by: {result}"));
        }

        // A restore that went ahead left a sound database; one that refused left the one it had.
        if (command is ["restore"])
        {
            Assert.Equal("ok", IntegrityCheck(workspace.DatabasePath));
        }

        SqliteConnection.ClearAllPools();
    }

    private const string SmallTradesTable = """
        CREATE TABLE trades (id INTEGER PRIMARY KEY, trade_id TEXT, symbol TEXT, side TEXT, quantity TEXT, price TEXT, fee TEXT, executed_at TEXT);
        INSERT INTO trades VALUES (1, 't-1', 'SOL/USDT', 'buy', '2', '20', '0.01', '2024-01-01T00:00:00Z'), (2, 't-2', 'SOL/USDT', 'sell', '2', '21', '0.01', '2024-01-02T00:00:00Z');
        """;

    private static string IntegrityCheck(string path)
    {
        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
