using System.Text.Json;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>The first-use path: init, two bots of different modes, record a file of fills, read P&amp;L.</summary>
public sealed class WalkthroughTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    // alpha: paper, average cost. The worked example on BTC/USDT, a winning and a losing round trip.
    // beta: live, FIFO. The same BTC/USDT fills, so the two methods can be told apart.
    private string FillsFile() => _workspace.WriteFile("fills.jsonl", Fills.Lines(
        Fills.Line("alpha", "a1", "BTC/USDT", "buy", 100, 10, minute: 1),
        Fills.Line("alpha", "a2", "BTC/USDT", "buy", 100, 15, minute: 2),
        Fills.Line("alpha", "a3", "BTC/USDT", "sell", 50, 12, minute: 3),
        Fills.Line("alpha", "a4", "BTC/USDT", "sell", 100, 20, minute: 4),
        Fills.Line("alpha", "a5", "ETH/USDT", "buy", 1, 100, fee: 1, minute: 5),
        Fills.Line("alpha", "a6", "ETH/USDT", "sell", 1, 110, fee: 1, minute: 6),
        Fills.Line("alpha", "a7", "SOL/USDT", "buy", 2, 50, minute: 7),
        Fills.Line("alpha", "a8", "SOL/USDT", "sell", 2, 45, minute: 8),
        Fills.Line("beta", "b1", "BTC/USDT", "buy", 100, 10, minute: 1),
        Fills.Line("beta", "b2", "BTC/USDT", "buy", 100, 15, minute: 2),
        Fills.Line("beta", "b3", "BTC/USDT", "sell", 50, 12, minute: 3),
        Fills.Line("beta", "b4", "BTC/USDT", "sell", 100, 20, minute: 4)));

    private string Setup()
    {
        Assert.Equal(0, _workspace.Run("init").ExitCode);
        Assert.Equal(0, _workspace.Run("bots", "add", "alpha", "--mode", "paper").ExitCode);
        Assert.Equal(0, _workspace.Run("bots", "add", "beta", "--mode", "live", "--method", "fifo").ExitCode);
        var file = FillsFile();
        var record = _workspace.Run("record", file, "--json");
        Assert.True(record.ExitCode == 0, record.ToString());
        Assert.Equal(12, record.Json().GetProperty("records").GetInt32());
        Assert.Equal(12, record.Json().GetProperty("kinds").GetProperty("fills").GetProperty("inserted").GetInt32());
        return file;
    }

    private static JsonElement Line(JsonElement pnl, string bot, string product) =>
        pnl.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("bot").GetString() == bot && l.GetProperty("product").GetString() == product);

    private static decimal Dec(JsonElement line, string name) => line.GetProperty(name).GetDecimal();

    [Fact]
    public void pnl_json_reports_the_worked_example_per_bot_and_product()
    {
        Setup();
        var result = _workspace.Run("pnl", "--json", "--mark", "BTC/USDT=14");
        Assert.True(result.ExitCode == 0, result.ToString());
        var pnl = result.Json();

        var average = Line(pnl, "alpha", "BTC/USDT");
        Assert.Equal("paper", average.GetProperty("mode").GetString());
        Assert.Equal(725m, Dec(average, "realized_pnl"));
        Assert.Equal(75m, Dec(average, "unrealized_pnl"));
        Assert.True(average.GetProperty("marked").GetBoolean());
        Assert.Equal(0m, Dec(average, "fees"));
        Assert.Equal(50m, Dec(average, "position_qty"));
        Assert.Equal(12.5m, Dec(average, "avg_entry_price"));
        Assert.Equal(625m, Dec(average, "cost_basis"));
        Assert.Equal(0, average.GetProperty("trades").GetInt32());
        Assert.Equal(0, average.GetProperty("wins").GetInt32());

        var win = Line(pnl, "alpha", "ETH/USDT");
        Assert.Equal(8m, Dec(win, "realized_pnl"));
        Assert.Equal(2m, Dec(win, "fees"));
        Assert.Equal(0m, Dec(win, "position_qty"));
        Assert.Equal(1, win.GetProperty("trades").GetInt32());
        Assert.Equal(1, win.GetProperty("wins").GetInt32());

        var loss = Line(pnl, "alpha", "SOL/USDT");
        Assert.Equal(-10m, Dec(loss, "realized_pnl"));
        Assert.Equal(1, loss.GetProperty("trades").GetInt32());
        Assert.Equal(0, loss.GetProperty("wins").GetInt32());

        // FIFO: the sells close the 10-lot first (50*2 + 50*10) and half the 15-lot (50*5); 50@15 remain.
        var fifo = Line(pnl, "beta", "BTC/USDT");
        Assert.Equal("live", fifo.GetProperty("mode").GetString());
        Assert.Equal(850m, Dec(fifo, "realized_pnl"));
        Assert.Equal(-50m, Dec(fifo, "unrealized_pnl"));
        Assert.Equal(50m, Dec(fifo, "position_qty"));
        Assert.Equal(15m, Dec(fifo, "avg_entry_price"));
        Assert.Equal(750m, Dec(fifo, "cost_basis"));
    }

    [Fact]
    public void pnl_totals_are_per_mode_unless_all_modes_is_asked()
    {
        Setup();
        var perMode = _workspace.Run("pnl", "--json", "--mark", "BTC/USDT=14").Json().GetProperty("totals").EnumerateArray().ToList();
        Assert.Equal(2, perMode.Count);
        var paper = perMode.Single(t => t.GetProperty("mode").GetString() == "paper");
        var live = perMode.Single(t => t.GetProperty("mode").GetString() == "live");
        Assert.Equal(723m, Dec(paper, "realized_pnl"));
        Assert.Equal(75m, Dec(paper, "unrealized_pnl"));
        Assert.Equal(850m, Dec(live, "realized_pnl"));
        Assert.Equal(-50m, Dec(live, "unrealized_pnl"));

        var all = _workspace.Run("pnl", "--json", "--all-modes", "--mark", "BTC/USDT=14").Json().GetProperty("totals").EnumerateArray().Single();
        Assert.Equal(1573m, Dec(all, "realized_pnl"));
        Assert.Equal(25m, Dec(all, "unrealized_pnl"));
    }

    [Fact]
    public void pnl_filters_by_mode_bot_and_method()
    {
        Setup();
        var live = _workspace.Run("pnl", "--json", "--mode", "live").Json();
        Assert.All(live.GetProperty("lines").EnumerateArray(), l => Assert.Equal("beta", l.GetProperty("bot").GetString()));
        Assert.Single(live.GetProperty("totals").EnumerateArray());

        var alpha = _workspace.Run("pnl", "--json", "--bot", "alpha").Json();
        Assert.Equal(3, alpha.GetProperty("lines").GetArrayLength());

        var fifo = _workspace.Run("pnl", "--json", "--method", "fifo").Json();
        Assert.Equal("beta", fifo.GetProperty("lines").EnumerateArray().Single().GetProperty("bot").GetString());
    }

    [Fact]
    public void recording_the_same_file_again_inserts_nothing_and_leaves_pnl_unchanged()
    {
        var file = Setup();
        var before = _workspace.Run("pnl", "--json", "--mark", "BTC/USDT=14").Out;

        var again = _workspace.Run("record", file, "--json");
        Assert.True(again.ExitCode == 0, again.ToString());
        var fills = again.Json().GetProperty("kinds").GetProperty("fills");
        Assert.Equal(0, fills.GetProperty("inserted").GetInt32());
        Assert.Equal(12, fills.GetProperty("existing").GetInt32());

        var text = _workspace.Run("record", file);
        Assert.Contains("fills: 0 recorded, 12 already present", text.Out, StringComparison.Ordinal);

        Assert.Equal(before, _workspace.Run("pnl", "--json", "--mark", "BTC/USDT=14").Out);
    }

    [Fact]
    public void pnl_json_is_valid_json_with_snake_case_keys_only()
    {
        Setup();
        var result = _workspace.Run("pnl", "--json");
        Assert.Equal(0, result.ExitCode);
        var keys = new List<string>();
        Collect(result.Json(), keys);
        Assert.Contains("realized_pnl", keys);
        Assert.Contains("unconverted_fees", keys);
        Assert.All(keys, k => Assert.Matches("^[a-z][a-z0-9_]*$", k));

        // The database line goes to stderr so that stdout stays parseable.
        Assert.Contains("database: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("database: ", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void positions_trades_and_bots_list_read_the_recorded_data()
    {
        Setup();
        var bots = _workspace.Run("bots", "list", "--json");
        Assert.Equal(0, bots.ExitCode);
        Assert.Equal(2, bots.Json().GetArrayLength());

        var positions = _workspace.Run("positions", "--json");
        Assert.True(positions.ExitCode == 0, positions.ToString());
        Assert.Contains("BTC/USDT", positions.Out, StringComparison.Ordinal);

        var trades = _workspace.Run("trades", "--json");
        Assert.True(trades.ExitCode == 0, trades.ToString());
        Assert.Contains("ETH/USDT", trades.Out, StringComparison.Ordinal);

        var table = _workspace.Run("pnl", "--mark", "BTC/USDT=14");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("725", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void pnl_by_bot_and_by_day_add_up_the_products_of_each_bot()
    {
        Setup();
        var byBot = _workspace.Run("pnl", "--json", "--by", "bot", "--mark", "BTC/USDT=14").Json();
        Assert.Equal("bot", byBot.GetProperty("group_by").GetString());
        var alpha = byBot.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("bot").GetString() == "alpha");
        Assert.Equal(723m, Dec(alpha, "realized_pnl"));
        Assert.Equal(75m, Dec(alpha, "unrealized_pnl"));
        Assert.Equal(2m, Dec(alpha, "fees"));
        Assert.Equal(2, alpha.GetProperty("trades").GetInt32());
        Assert.Equal(1, alpha.GetProperty("wins").GetInt32());

        var byDay = _workspace.Run("pnl", "--json", "--by", "day", "--bot", "alpha").Json();
        var day = byDay.GetProperty("lines").EnumerateArray().Single();
        Assert.Equal("2026-01-05", day.GetProperty("product").GetString());
        Assert.Equal(723m, Dec(day, "realized_pnl"));
    }

    [Fact]
    public void positions_and_trades_json_show_open_positions_and_round_trips()
    {
        Setup();
        var positions = _workspace.Run("positions", "--json", "--mark", "BTC/USDT=14");
        Assert.True(positions.ExitCode == 0, positions.ToString());
        var open = positions.Json().EnumerateArray().ToList();
        Assert.Equal(2, open.Count);
        var average = open.Single(p => p.GetProperty("bot").GetString() == "alpha");
        Assert.Equal("BTC/USDT", average.GetProperty("symbol").GetString());
        Assert.Equal(50m, Dec(average, "quantity"));
        Assert.Equal(12.5m, Dec(average, "avg_entry_price"));
        Assert.Equal(75m, Dec(average, "unrealized_pnl"));

        var trades = _workspace.Run("trades", "--json", "--bot", "alpha");
        Assert.True(trades.ExitCode == 0, trades.ToString());
        var closed = trades.Json().EnumerateArray().Where(t => t.GetProperty("status").GetString() == "closed").ToList();
        Assert.Equal(2, closed.Count);
        Assert.Equal(8m, Dec(closed.Single(t => t.GetProperty("symbol").GetString() == "ETH/USDT"), "realized_pnl"));
        Assert.Equal(-10m, Dec(closed.Single(t => t.GetProperty("symbol").GetString() == "SOL/USDT"), "realized_pnl"));
    }

    [Fact]
    public void pnl_without_a_mark_says_the_position_is_unmarked()
    {
        Setup();
        var line = Line(_workspace.Run("pnl", "--json").Json(), "alpha", "BTC/USDT");
        Assert.False(line.GetProperty("marked").GetBoolean());
        Assert.Contains("(unmarked)", _workspace.Run("pnl").Out, StringComparison.Ordinal);
    }

    private static void Collect(JsonElement element, List<string> keys)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                keys.Add(property.Name);
                Collect(property.Value, keys);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Collect(item, keys);
            }
        }
    }
}
