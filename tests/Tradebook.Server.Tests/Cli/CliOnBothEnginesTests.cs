using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests.Cli;

public sealed class SqliteCliOnBothEnginesTests() : CliOnBothEnginesTests(StorageEngine.Sqlite);

public sealed class PostgresCliOnBothEnginesTests() : CliOnBothEnginesTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>
/// Commands that write, run as a user runs them against either engine. They live here because this project
/// holds both the built CLI and the test PostgreSQL. An import into PostgreSQL failed on the file backup it
/// takes first on SQLite, unless the user found --no-backup.
/// </summary>
public abstract class CliOnBothEnginesTests(StorageEngine engine) : StorageTest(engine)
{
    private const string Trades = """
        trade_id,symbol,side,qty,price,fee,fee_currency,time
        t1,BTC/USDT,buy,0.5,60000,3,USDT,2026-11-01T10:00:00Z
        t2,BTC/USDT,sell,0.5,61000,3,USDT,2026-11-02T10:00:00Z
        t3,ETH/USDT,buy,2,3000,1,USDT,2026-11-03T10:00:00Z
        """;

    [StorageFact]
    public async Task an_import_writes_without_being_told_to_skip_a_backup_and_says_where_its_backup_is_or_why_there_is_none()
    {
        Db.Migrated();
        var source = Path.Combine(Path.GetTempPath(), $"tradebook-trades-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(source, Trades);
        try
        {
            var import = await Run("import", source, "--bot", "legacy", "--mode", "paper");

            Assert.True(import.ExitCode == 0, import.Error);
            Assert.Equal(3, Db.Count("fills"));
            Assert.Contains(Engine == StorageEngine.Postgres ? "pg_dump" : "backup: ", import.Error, StringComparison.Ordinal);

            var delete = await Run("bots", "delete", "legacy", "--yes");

            Assert.True(delete.ExitCode == 0, delete.Error);
            Assert.Contains("Deleted bot 'legacy': 3 fills", delete.Output, StringComparison.Ordinal);
            Assert.Contains(Engine == StorageEngine.Postgres ? "pg_dump" : "tradebook restore", delete.Output, StringComparison.Ordinal);
            Assert.Equal(0, Db.Count("fills"));
            Assert.Equal(0, Db.Count("bots"));
        }
        finally
        {
            File.Delete(source);
        }
    }

    [StorageFact]
    public async Task every_command_a_user_runs_on_a_database_works_on_this_engine()
    {
        var fills = Path.Combine(Path.GetTempPath(), $"tradebook-fills-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(fills, """
            {"kind":"fill","bot":"alpha","id":"f1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","fee":"0.1","fee_currency":"USDT","ts":"2026-11-01T10:00:00Z"}
            {"kind":"fill","bot":"alpha","id":"f2","symbol":"BTC/USDT","side":"sell","qty":"1","price":"110","ts":"2026-11-02T10:00:00Z"}
            """);
        try
        {
            string[][] commands =
            [
                ["init"], ["migrate", "status"], ["bots", "add", "alpha", "--mode", "paper"], ["record", fills], ["bots", "list"],
                ["pnl", "--by", "day"], ["pnl", "--by", "bot", "--json"], ["positions"], ["trades", "--bot", "alpha"], ["rebuild"], ["doctor"],
                ["bots", "set-dust", "alpha", "0.001"], ["bots", "pause", "alpha"], ["bots", "archive", "alpha"], ["bots", "resume", "alpha"],
                ["import", "--list"],
            ];
            foreach (var command in commands)
            {
                var result = await Run(command);
                Assert.True(result.ExitCode == 0, $"tradebook {string.Join(' ', command)}: exit {result.ExitCode}\n{result.Output}\n{result.Error}");
            }

            Assert.Equal(2, Db.Count("fills"));
        }
        finally
        {
            File.Delete(fills);
        }
    }

    private Task<CliProcess.Result> Run(params string[] args) => CliProcess.RunAsync(Db.Target.ConnectionString, Db.Target.Engine, args);
}
