using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>
/// A corpus of damaged databases (truncated, bytes flipped, pages zeroed) run through the commands that
/// look at a database: each ends with a documented exit code and at most one <c>error:</c> line, never
/// an unhandled exception, and a failed backup leaves no file.
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
        }

        public string Path { get; }

        public void Dispose() => _workspace.Dispose();
    }

    public static TheoryData<string> Damages => new()
    {
        "truncate:0.5", "truncate:0.9", "truncate:0.01", "truncate:0",
        "zero:1", "zero:2", "zero:3", "zero:middle", "zero:last",
        "flip:1:1", "flip:16:2", "flip:200:3", "flip:2000:4",
        "table-page",
    };

    public static TheoryData<string, string[]> Cases()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var damage in Damages)
        {
            foreach (var command in new[] { new[] { "doctor" }, new[] { "backup" }, new[] { "migrate", "status" }, new[] { "pnl" }, new[] { "record" } })
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
        File.Copy(_ledger.Path, workspace.DatabasePath);
        Damage(workspace.DatabasePath, damage);
        string[] args = command is ["record"]
            ? ["record", workspace.WriteFile("more.jsonl", Fills.Lines(Fills.Line("alpha", "late", "BTC/USDT", "buy", 1, 100, minute: 59)))]
            : command;

        var result = workspace.Run(args);

        Assert.InRange(result.ExitCode, 0, 6);
        var errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count <= 1, result.ToString());
        if (result.ExitCode != 0 && command is not (["doctor"] or ["migrate", "status"]))
        {
            Assert.True(errors.Count == 1, result.ToString());
        }

        var backups = Path.Combine(workspace.Folder, "backups");
        if (Directory.Exists(backups))
        {
            Assert.All(Directory.GetFiles(backups), f => Assert.True(new FileInfo(f).Length > 0 && result.ExitCode == 0, $"{f} left by: {result}"));
        }

        SqliteConnection.ClearAllPools();
    }
}
