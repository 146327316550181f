using Microsoft.Data.Sqlite;

namespace Tradebook.Cli.Tests.Support;

/// <summary>A ledger large enough that a killed command is caught midway, and what must survive any kill.</summary>
public static class KilledLedger
{
    /// <summary>Records <paramref name="fills"/> fills of one bot over three products, buys and sells, so that positions open and close.</summary>
    public static void Write(TempWorkspace workspace, int fills)
    {
        Assert.Equal(0, workspace.Run("init").ExitCode);
        Assert.Equal(0, workspace.Run("bots", "add", "alpha", "--mode", "paper").ExitCode);
        string[] symbols = ["BTC/USDT", "ETH/USDT", "SOL/USDT"];
        var lines = Enumerable.Range(0, fills).Select(i => Support.Fills.Line("alpha", $"f{i}", symbols[i % 3], i % 4 < 2 ? "buy" : "sell", 1, 100 + (i % 7), fee: 0.01m, minute: i % 60));
        var result = workspace.Run("record", workspace.WriteFile("fills.jsonl", Support.Fills.Lines([.. lines])));
        Assert.True(result.ExitCode == 0, result.ToString());
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Every fill's id and values: no kill may lose or change one.</summary>
    public static string Fills(string database) =>
        string.Join('\n', SqliteQuery.Rows(database, "SELECT external_id, quantity, price, fee, ts FROM fills ORDER BY external_id").Select(r => string.Join('|', r)));
}
