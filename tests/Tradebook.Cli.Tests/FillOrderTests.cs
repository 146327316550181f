using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>P&amp;L depends on the time order of fills, never on the order they are listed or arrive in.</summary>
public sealed class FillOrderTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public FillOrderTests()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        Assert.Equal(0, _workspace.Run("bots", "add", "alpha", "--mode", "paper").ExitCode);
    }

    public void Dispose() => _workspace.Dispose();

    private static readonly string[] WorkedExample =
    [
        Fills.Line("alpha", "a1", "BTC/USDT", "buy", 100, 10, minute: 1),
        Fills.Line("alpha", "a2", "BTC/USDT", "buy", 100, 15, minute: 2),
        Fills.Line("alpha", "a3", "BTC/USDT", "sell", 50, 12, minute: 3),
        Fills.Line("alpha", "a4", "BTC/USDT", "sell", 100, 20, minute: 4),
    ];

    private void AssertWorkedExample()
    {
        var line = _workspace.Run("pnl", "--json").Json().GetProperty("lines").EnumerateArray().Single();
        Assert.Equal(725m, line.GetProperty("realized_pnl").GetDecimal());
        Assert.Equal(50m, line.GetProperty("position_qty").GetDecimal());
        Assert.Equal(12.5m, line.GetProperty("avg_entry_price").GetDecimal());
    }

    [Fact]
    public void a_file_listed_newest_first_gives_the_same_pnl_as_one_in_time_order()
    {
        var result = _workspace.Run("record", _workspace.WriteFile("reversed.jsonl", Fills.Lines([.. WorkedExample.Reverse()])));

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertWorkedExample();
    }

    [Fact]
    public void time_order_holds_across_batch_size_transactions()
    {
        var result = _workspace.Run("record", _workspace.WriteFile("reversed.jsonl", Fills.Lines([.. WorkedExample.Reverse()])), "--batch-size", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertWorkedExample();
    }

    [Fact]
    public void fills_recorded_late_in_a_second_file_are_applied_in_time_order()
    {
        Assert.Equal(0, _workspace.Run("record", _workspace.WriteFile("sells.jsonl", Fills.Lines(WorkedExample[2], WorkedExample[3]))).ExitCode);
        Assert.Equal(0, _workspace.Run("record", _workspace.WriteFile("buys.jsonl", Fills.Lines(WorkedExample[0], WorkedExample[1]))).ExitCode);

        AssertWorkedExample();
    }
}
