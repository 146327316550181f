using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Support;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Cli.Tests.Import;

/// <summary>
/// A hummingbot database is imported in memory that does not grow with its orders. The real <c>tradebook</c> process
/// imports 400,000 fills, each with its order and status, under a GC heap limit of 112 MiB. The reader kept every
/// order id, the side of every order's first fill and of its statuses, and each order's bot key: it ran out of memory
/// within two seconds at 128 MiB, and peaked at 1.1 GiB for a million orders (367 MiB once SQLite works the sides out).
/// </summary>
public sealed class BoundedMemoryImportTests
{
    private const int Fills = 400_000;

    [Fact]
    public void a_hummingbot_database_of_400000_orders_imports_under_a_112_mib_heap_limit()
    {
        using var workspace = new TempWorkspace();
        var source = Path.Combine(workspace.Folder, "hummingbot.sqlite");
        WriteHummingbot(source);

        var (exit, output, error) = ImportInChild(source, workspace.DatabasePath, heapLimit: 112 * 1024 * 1024);

        Assert.True(exit == 0, $"exit {exit}: {error}{output[^Math.Min(output.Length, 2000)..]}");
        Assert.Contains($"verified: {Fills} fills", output, StringComparison.Ordinal);
    }

    private static (int Exit, string Output, string Error) ImportInChild(string source, string target, long heapLimit)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "tradebook.dll"), "import", source, "--db", target })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_GCHeapHardLimit"] = heapLimit.ToString("x", CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Hummingbot's TradeFill, Order and OrderStatus tables: one order and one status per fill, two configs on two markets.</summary>
    private static void WriteHummingbot(string path)
    {
        SqliteBootstrap.EnsureInitialized();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = HummingbotTables.Create;
            create.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var order = Prepared(connection, transaction, """INSERT INTO "Order" VALUES ($id, $config, 'pure_market_making', $market, $symbol, $base, 'USDT', $time, 'LIMIT', $amount, 1, $price, 'filled', $time, NULL, NULL)""");
        using var status = Prepared(connection, transaction, "INSERT INTO OrderStatus (order_id, timestamp, status) VALUES ($id, $time, $status)");
        using var fill = Prepared(connection, transaction, """INSERT INTO TradeFill VALUES ($config, 'pure_market_making', $market, $symbol, $base, 'USDT', $time, $id, $side, 'LIMIT', $price, $amount, 1, '{"percent": "0.001", "flat_fees": []}', $trade, NULL)""");
        var random = new Random(5);
        for (var i = 0; i < Fills; i++)
        {
            var (config, market) = i % 2 == 0 ? ("conf_a.yml", "kucoin") : ("conf_b.yml", "binance_paper_trade");
            var (asset, price) = i % 3 == 0 ? ("BTC", 60_000_000_000L + random.Next(1_000_000_000)) : ("ETH", 3_000_000_000L + random.Next(100_000_000));
            var sell = random.Next(2) == 0;
            var values = new Dictionary<string, object>
            {
                ["$id"] = $"{(sell ? "sell" : "buy")}-{asset}-USDT-{i:D8}",
                ["$config"] = config,
                ["$market"] = market,
                ["$symbol"] = $"{asset}-USDT",
                ["$base"] = asset,
                ["$time"] = 1_700_000_000_000L + (i * 1000L),
                ["$amount"] = random.Next(1, 2_000_000),
                ["$price"] = price,
                ["$status"] = sell ? "SellOrderCreated" : "BuyOrderCreated",
                ["$side"] = sell ? "SELL" : "BUY",
                ["$trade"] = $"t-{i:D8}",
            };
            foreach (var command in new[] { order, status, fill })
            {
                foreach (SqliteParameter parameter in command.Parameters)
                {
                    parameter.Value = values[parameter.ParameterName];
                }

                command.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    private static SqliteCommand Prepared(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in new[] { "$id", "$config", "$market", "$symbol", "$base", "$time", "$amount", "$price", "$status", "$side", "$trade" }.Where(n => sql.Contains(n, StringComparison.Ordinal)))
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        command.Prepare();
        return command;
    }
}
