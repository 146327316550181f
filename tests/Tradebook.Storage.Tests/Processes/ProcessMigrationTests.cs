using Dapper;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Migrations;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Storage.Tests.Processes;

/// <summary>Several OS processes migrating one database at the same moment apply each migration once.</summary>
public abstract class ProcessMigrationTests(StorageEngine engine) : StorageTest(engine)
{
    private const int Processes = 4;

    [StorageFact]
    public void processes_migrating_at_once_apply_each_migration_exactly_once()
    {
        // Who wins a race is timing: SQLite files are cheap, so a few fresh ones give the race more chances.
        var rounds = Db.Engine == SqlEngine.Sqlite ? 3 : 1;
        for (var round = 0; round < rounds; round++)
        {
            using var database = round == 0 ? null : new TradebookDatabase(DatabaseTarget.Parse(Db.Target.FilePath + $".{round}.db", "test", "/"));
            Race(database ?? Db.Database);
        }
    }

    private void Race(TradebookDatabase database)
    {
        var where = database.Engine == SqlEngine.Sqlite ? new[] { "--sqlite", database.Target.FilePath! } : ["--pg", database.Target.ConnectionString];
        // A common start time a little ahead, so that every child is loaded and waiting when it comes.
        var at = DateTimeOffset.UtcNow.AddMilliseconds(1200).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var children = Enumerable.Range(0, Processes).Select(_ => ChildProcess.Start(["migrate", .. where, "--at", at])).ToList();
        try
        {
            foreach (var child in children)
            {
                Assert.True(child.WaitForExit(TimeSpan.FromSeconds(60)), "a migrating process did not finish");
                Assert.True(child.ExitCode == 0, $"exit code {child.ExitCode}: {child.Errors}");
                Assert.Equal(string.Empty, child.Errors);
            }

            var migrator = new Migrator(database);
            var versions = database.Run(c => c.Query<int>("SELECT version FROM schema_migrations ORDER BY version").ToList());
            Assert.Equal(migrator.Migrations.Select(m => m.Version), versions);
            Assert.Equal(versions.Count, children.Sum(c => c.Output.Count(l => l.StartsWith("applied ", StringComparison.Ordinal))));
            Assert.Empty(Schema.DriftCheck.Run(database, migrator));
        }
        finally
        {
            children.ForEach(c => c.Dispose());
        }
    }
}

public sealed class SqliteProcessMigrationTests() : ProcessMigrationTests(StorageEngine.Sqlite);

public sealed class PostgresProcessMigrationTests() : ProcessMigrationTests(StorageEngine.Postgres), IPostgresTests;
