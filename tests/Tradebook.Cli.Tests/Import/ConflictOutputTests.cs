using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests.Import;

/// <summary>How consolidation conflicts read in the human import report.</summary>
public sealed class ConflictOutputTests : IDisposable
{
    private const string Schema = "CREATE TABLE executions (exec_id TEXT, ticker TEXT, side TEXT, qty REAL, price REAL, fee REAL, executed_at TEXT);";

    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void a_conflict_shows_its_key_the_copy_kept_and_each_field_as_old_to_new()
    {
        var older = SqliteScript.Create(Path.Combine(_workspace.Folder, "copies", "old.sqlite"), Schema + """
            INSERT INTO executions VALUES ('E-1', 'SOL/EUR', 'buy', 2, 150.5, 0.3, '2024-02-01T10:00:00Z');
            INSERT INTO executions VALUES ('E-2', 'SOL/EUR', 'sell', 2, 151, 0.3, '2024-02-01T11:00:00Z');
            """);
        var newer = SqliteScript.Create(Path.Combine(_workspace.Folder, "copies", "new.sqlite"), Schema + """
            INSERT INTO executions VALUES ('E-1', 'SOL/EUR', 'buy', 2, 150.75, 0.35, '2024-02-01T10:00:00Z');
            INSERT INTO executions VALUES ('E-2', 'SOL/EUR', 'sell', 2, 151, 0.3, '2024-02-01T11:00:00Z');
            INSERT INTO executions VALUES ('E-3', 'SOL/EUR', 'buy', 1, 149, 0.1, '2024-02-02T09:00:00Z');
            """);
        Assert.Equal(0, _workspace.Run("init").ExitCode);

        var result = _workspace.Run("import", older, newer, "--dry-run", "--bot", "sol");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("Conflict {", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Collections", result.Out, StringComparison.Ordinal);
        var lines = result.Out.Split('\n').Select(l => l.TrimEnd()).ToList();
        var heading = lines.FindIndex(l => l.Contains("fill E-1:", StringComparison.Ordinal));
        Assert.True(heading >= 0, result.Out);
        Assert.Contains($"kept {newer} over {older}", lines[heading], StringComparison.Ordinal);
        Assert.Equal("price: 150.5 → 150.75", lines[heading + 1].Trim());
        Assert.Equal("fee: 0.3 → 0.35", lines[heading + 2].Trim());
        Assert.DoesNotContain(lines, l => l.Contains("fill E-2:", StringComparison.Ordinal));
    }
}
