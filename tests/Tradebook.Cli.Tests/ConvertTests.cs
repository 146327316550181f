using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary><c>tradebook convert</c> between two SQLite files, in-process.</summary>
public sealed class ConvertTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void convert_copies_the_ledger_to_a_new_file_verifies_it_and_refuses_to_write_over_rows()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        Assert.Equal(0, _workspace.Run("bots", "add", "alpha", "--mode", "paper").ExitCode);
        var fills = _workspace.WriteFile("f.jsonl", Fills.Lines(
            Fills.Line("alpha", "f1", "BTC/USDT", "buy", 0.000000012345678901m, 98765432109876.54321m, 0.000000000001m),
            Fills.Line("alpha", "f2", "BTC/USDT", "buy", 2.5m, 65000.12345678m, 1.25m, minute: 1),
            Fills.Line("alpha", "f3", "BTC/USDT", "sell", 1, 70000.5m, 0.5m, minute: 2)));
        Assert.Equal(0, _workspace.Run("record", fills).ExitCode);
        var target = Path.Combine(_workspace.Folder, "moved", "tradebook.db");

        var result = _workspace.Run("convert", "--to", target, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("copied fills: 3 rows", result.Error, StringComparison.Ordinal);
        var report = result.Json();
        Assert.True(report.GetProperty("ok").GetBoolean());
        Assert.True(report.GetProperty("target_created").GetBoolean());
        Assert.Equal(target, report.GetProperty("target").GetString());
        var fillTable = report.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("table").GetString() == "fills");
        Assert.Equal(3, fillTable.GetProperty("target_rows").GetInt64());
        var quantity = fillTable.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("column").GetString() == "quantity");
        Assert.Equal("3.500000012345678901", quantity.GetProperty("target").GetProperty("sum").GetString());
        var pnl = TempWorkspace.RunOn(target, "pnl", "--json").Out;
        Assert.Equal(_workspace.Run("pnl", "--json").Out, pnl);

        var again = _workspace.Run("convert", "--to", target);

        Assert.Equal(ExitCodes.Conflict, again.ExitCode);
        Assert.Contains("already holds Tradebook rows (", again.Error, StringComparison.Ordinal);
        Assert.Matches(@"[( ]bots: 1[,)]", again.Error);
        Assert.Equal(pnl, TempWorkspace.RunOn(target, "pnl", "--json").Out);
    }
}
