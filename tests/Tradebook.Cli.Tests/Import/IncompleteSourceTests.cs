using Microsoft.Data.Sqlite;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Cli.Tests.Import;

/// <summary>
/// A source that lacks a table its own generation (or its own foreign keys) says it must have: what the other
/// tables hold is imported, the report names the table and what is lost with it, and the command exits 1.
/// </summary>
public sealed class IncompleteSourceTests
{
    [Fact]
    public void a_freqtrade_database_without_its_orders_table_imports_its_trade_rows_and_states_the_loss()
    {
        using var workspace = new SampleWorkspace();
        var source = WithoutTable(workspace.Sample("real-dbs/smoke22n__GKD_troubleshoot__tradesv3.sqlite"), "orders");

        var result = workspace.Run("import", source, "--json", "--no-backup");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain("error:", result.Error, StringComparison.Ordinal);
        var import = result.Json().GetProperty("imports")[0];
        Assert.False(import.GetProperty("complete").GetBoolean());
        var missing = Assert.Single(import.GetProperty("missing_tables").EnumerateArray());
        Assert.Equal("orders", missing.GetProperty("table").GetString());
        Assert.Contains("record_version", missing.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("open_rate", missing.GetProperty("loss").GetString(), StringComparison.Ordinal);

        // What the trade rows hold is imported (an entry per trade, an exit per closed trade with a close_rate), and kept.
        Assert.Equal(34, workspace.Count("SELECT COUNT(*) FROM fills"));
        Assert.Contains("\"missing_tables\":[{", (string)workspace.Query("SELECT report FROM import_batches").Single()[0]!, StringComparison.Ordinal);
    }

    [Fact]
    public void the_human_report_puts_the_missing_table_first_and_a_dry_run_exits_1_too()
    {
        using var workspace = new SampleWorkspace();
        var source = WithoutTable(workspace.Sample("real-dbs/smoke22n__GKD_troubleshoot__tradesv3.sqlite"), "orders");

        var result = workspace.Run("import", source, "--dry-run");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("INCOMPLETE SOURCE: 1 table it must have is missing; only what its other tables hold would be imported", result.Out, StringComparison.Ordinal);
        Assert.Contains("    orders: missing, though freqtrade has kept every order in it since 2021", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_hummingbot_database_without_its_order_table_is_incomplete()
    {
        using var workspace = new SampleWorkspace();
        var source = WithoutTable(workspace.Sample("real-dbs/edgeware-network__MM-Logs__conf_pure_mm_1.sqlite"), "Order");

        var result = workspace.Run("import", source, "--json", "--no-backup");

        Assert.True(result.ExitCode == 1, result.ToString());
        var import = result.Json().GetProperty("imports")[0];
        Assert.Equal("Order", Assert.Single(import.GetProperty("missing_tables").EnumerateArray()).GetProperty("table").GetString());
        Assert.Equal(2, workspace.Count("SELECT COUNT(*) FROM fills"));
    }

    [Fact]
    public void a_trade_table_whose_foreign_key_names_a_missing_bots_table_is_incomplete()
    {
        using var workspace = new SampleWorkspace();
        var source = WithoutTable(workspace.Sample("trader/trader.db"), "bots");

        var result = workspace.Run("import", source, "--json", "--no-backup");

        Assert.True(result.ExitCode == 1, result.ToString());
        var missing = Assert.Single(result.Json().GetProperty("imports")[0].GetProperty("missing_tables").EnumerateArray());
        Assert.Equal("bots", missing.GetProperty("table").GetString());
        Assert.Contains("trades.bot_id", missing.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("bot_id", missing.GetProperty("loss").GetString(), StringComparison.Ordinal);
        Assert.True(workspace.Count("SELECT COUNT(*) FROM fills") > 0);
    }

    [Theory]
    [InlineData("real-dbs/tooyipjee__freqtrade__tradesv3.sqlite")]
    [InlineData("real-dbs/jpiv__CryptoTradingRL__tradesv3.dryrun.sqlite")]
    [InlineData("real-dbs/edgeware-network__MM-Logs__conf_pure_mm_1.sqlite")]
    [InlineData("trader/trader.db")]
    public void a_whole_source_is_complete_whatever_its_generation(string sample)
    {
        using var workspace = new SampleWorkspace();

        // jpiv is freqtrade before 2021: no orders table is what that generation has, not a loss.
        var import = workspace.Import(workspace.Sample(sample)).GetProperty("imports")[0];

        Assert.True(import.GetProperty("complete").GetBoolean());
        Assert.Empty(import.GetProperty("missing_tables").EnumerateArray());
    }

    private static string WithoutTable(string path, string table)
    {
        SqliteBootstrap.EnsureInitialized();
        // Foreign keys off, as the program that lost the table had them: the rows that refer to it stay.
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, ForeignKeys = false }.ToString()))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = $"DROP TABLE \"{table}\"";
            drop.ExecuteNonQuery();
        }

        return path;
    }
}
