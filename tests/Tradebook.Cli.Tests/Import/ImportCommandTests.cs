using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Cli.Tests.Import;

/// <summary><c>tradebook import</c>, <c>backup</c> and <c>restore</c>, run in-process on a small freqtrade database built here.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tradebook-cli-import-").FullName;
    private readonly string _source;
    private readonly string _db;

    public ImportCommandTests()
    {
        _source = Path.Combine(_folder, "bot.sqlite");
        _db = Path.Combine(_folder, "tradebook.db");
        SqliteBootstrap.EnsureInitialized();
        using var connection = new SqliteConnection($"Data Source={_source};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE trades (id INTEGER PRIMARY KEY, exchange VARCHAR, pair VARCHAR, stake_currency VARCHAR, is_open BOOLEAN,
              fee_open FLOAT, fee_open_cost FLOAT, fee_open_currency VARCHAR, fee_close FLOAT, fee_close_cost FLOAT, fee_close_currency VARCHAR,
              open_rate FLOAT, close_rate FLOAT, realized_profit FLOAT, close_profit_abs FLOAT, stake_amount FLOAT, amount FLOAT,
              open_date DATETIME, close_date DATETIME, strategy VARCHAR, trading_mode VARCHAR, leverage FLOAT, is_short BOOLEAN, funding_fees FLOAT);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, ft_trade_id INTEGER, ft_order_side VARCHAR, ft_pair VARCHAR, ft_is_open BOOLEAN,
              order_id VARCHAR, status VARCHAR, symbol VARCHAR, order_type VARCHAR, side VARCHAR, price FLOAT, average FLOAT, amount FLOAT,
              filled FLOAT, remaining FLOAT, cost FLOAT, order_date DATETIME, order_filled_date DATETIME, order_update_date DATETIME,
              funding_fee FLOAT, ft_fee_base FLOAT);
            INSERT INTO trades VALUES (1, 'binance', 'BTC/USDT', 'USDT', 0, 0.001, NULL, NULL, 0.001, NULL, NULL,
              100, 110, 9.79, 9.79, 100, 1, '2024-01-01 10:00:00', '2024-01-01 12:00:00', 'S1', 'SPOT', 1, 0, 0);
            INSERT INTO orders VALUES (1, 1, 'buy', 'BTC/USDT', 0, 'ex-1', 'closed', 'BTC/USDT', 'limit', 'buy', 100, 100, 1, 1, 0, 100,
              '2024-01-01 10:00:00', '2024-01-01 10:00:01', NULL, 0, NULL);
            INSERT INTO orders VALUES (2, 1, 'sell', 'BTC/USDT', 0, 'ex-2', 'closed', 'BTC/USDT', 'limit', 'sell', 110, 110, 1, 1, 0, 110,
              '2024-01-01 12:00:00', '2024-01-01 12:00:01', NULL, 0, NULL);
            INSERT INTO trades VALUES (2, 'binance', 'ETH/USDT', 'USDT', 1, 0.001, NULL, NULL, 0.001, NULL, NULL,
              50, NULL, 0, NULL, 100, 2, '2024-01-02 10:00:00', NULL, 'S1', 'SPOT', 1, 0, 0);
            INSERT INTO orders VALUES (3, 2, 'buy', 'ETH/USDT', 0, 'ex-3', 'closed', 'ETH/USDT', 'limit', 'buy', 50, 50, 2, 2, 0, 100,
              '2024-01-02 10:00:00', '2024-01-02 10:00:01', NULL, 0, NULL);
            """;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private (int Code, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = TradebookCli.Run([.. args, "--db", _db], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void import_writes_the_fills_a_done_batch_and_a_backup_and_a_second_import_inserts_nothing()
    {
        Assert.Equal(0, Run("init").Code);

        var first = Run("import", _source, "--json");
        var second = Run("import", _source, "--json", "--no-backup");

        Assert.True(first.Code == 0, first.Error);
        Assert.Equal(3, Scalar("SELECT COUNT(*) FROM fills"));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM bots"));
        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM import_batches WHERE status = 'done'"));
        Assert.Single(Directory.GetFiles(Path.Combine(_folder, "backups"), "tradebook-*.db"));
        using var json = JsonDocument.Parse(second.Out);
        var fills = json.RootElement.GetProperty("imports")[0].GetProperty("kinds").GetProperty("fills");
        Assert.Equal((0, 3), (fills.GetProperty("inserted").GetInt32(), fills.GetProperty("existing").GetInt32()));
    }

    [Fact]
    public void a_dry_run_leaves_the_database_untouched()
    {
        Assert.Equal(0, Run("init").Code);
        SqliteConnection.ClearAllPools();
        var before = Hash(_db);

        var result = Run("import", _source, "--dry-run");

        Assert.True(result.Code == 0, result.Error);
        Assert.Contains("fills: 3 read", result.Out, StringComparison.Ordinal);
        Assert.Contains("reconciliation", result.Out, StringComparison.Ordinal);
        Assert.Equal(before, Hash(_db));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM fills"));
    }

    [Fact]
    public void rollback_removes_the_batch()
    {
        Assert.Equal(0, Run("init").Code);
        Assert.Equal(0, Run("import", _source, "--no-backup").Code);
        var batch = Scalar("SELECT MAX(id) FROM import_batches");

        var result = Run("import", "--rollback", batch.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-backup");

        Assert.True(result.Code == 0, result.Error);
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM fills"));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM positions"));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM product_rollups"));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM import_batches WHERE status = 'rolled_back'"));
    }

    [Fact]
    public void list_shows_each_batch_newest_first_with_its_state_verdict_and_inserted_rows()
    {
        Assert.Equal(0, Run("init").Code);
        Assert.Equal(0, Run("import", _source, "--no-backup").Code);
        Assert.Equal(0, Run("import", _source, "--no-backup").Code);
        Assert.Equal(0, Run("import", "--rollback", "1", "--no-backup").Code);

        var listed = Run("import", "--list", "--json");

        Assert.True(listed.Code == 0, listed.Error);
        using var json = JsonDocument.Parse(listed.Out);
        var batches = json.RootElement.EnumerateArray().ToList();
        Assert.Equal([2L, 1L], batches.Select(b => b.GetProperty("id").GetInt64()));
        Assert.Equal(["done", "rolled_back"], batches.Select(b => b.GetProperty("status").GetString()));
        Assert.All(batches, b => Assert.True(b.GetProperty("verified").GetBoolean()));
        Assert.Equal(3, batches[1].GetProperty("inserted").GetProperty("fills").GetInt32());
        Assert.False(batches[0].GetProperty("inserted").TryGetProperty("fills", out _));
        Assert.Contains("rolled_back", Run("import", "--list").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void a_source_nothing_recognises_is_one_error_line_and_a_non_zero_exit()
    {
        Assert.Equal(0, Run("init").Code);
        var junk = Path.Combine(_folder, "junk.bin");
        File.WriteAllBytes(junk, [0xde, 0xad, 0xbe, 0xef]);

        var result = Run("import", junk);

        Assert.NotEqual(0, result.Code);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("first bytes de ad be ef", line, StringComparison.Ordinal);
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM import_batches"));
    }

    [Fact]
    public void restore_refuses_a_newer_database_without_force()
    {
        Assert.Equal(0, Run("init").Code);
        var backup = Run("backup", "--json");
        Assert.True(backup.Code == 0, backup.Error);
        var path = JsonDocument.Parse(backup.Out).RootElement.GetProperty("path").GetString()!;
        Thread.Sleep(10);
        Assert.Equal(0, Run("import", _source, "--no-backup").Code);

        var refused = Run("restore", path);
        var forced = Run("restore", path, "--force");

        Assert.NotEqual(0, refused.Code);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.True(forced.Code == 0, forced.Error);
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM fills"));
    }

    private static string Hash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
