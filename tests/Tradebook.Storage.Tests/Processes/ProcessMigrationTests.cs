using Dapper;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Storage.Tests.Processes;

/// <summary>Several OS processes migrating one database at the same moment apply each migration once.</summary>
public abstract class ProcessMigrationTests(StorageEngine engine) : StorageTest(engine)
{
    private const int Processes = 4;

    [StorageFact]
    public void processes_migrating_at_once_apply_each_migration_exactly_once()
    {
        var where = Db.Engine == SqlEngine.Sqlite ? new[] { "--sqlite", Db.Target.FilePath! } : ["--pg", Db.Target.ConnectionString];
        // A common start time a little ahead, so that every child is loaded and waiting when it comes.
        var at = DateTimeOffset.UtcNow.AddMilliseconds(1500).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var children = Enumerable.Range(0, Processes).Select(_ => ChildProcess.Start(["migrate", .. where, "--at", at])).ToList();
        try
        {
            foreach (var child in children)
            {
                Assert.True(child.WaitForExit(TimeSpan.FromSeconds(60)), "a migrating process did not finish");
                Assert.True(child.ExitCode == 0, $"exit code {child.ExitCode}: {child.Errors}");
                Assert.Equal(string.Empty, child.Errors);
            }

            var versions = Db.Query(c => c.Query<int>("SELECT version FROM schema_migrations ORDER BY version").ToList());
            Assert.Equal(Db.Migrator().Migrations.Select(m => m.Version), versions);
            Assert.Equal(versions.Count, children.Sum(c => c.Output.Count(l => l.StartsWith("applied ", StringComparison.Ordinal))));
            Assert.Empty(Schema.DriftCheck.Run(Db.Database, Db.Migrator()));
        }
        finally
        {
            children.ForEach(c => c.Dispose());
        }
    }
}

public sealed class SqliteProcessMigrationTests() : ProcessMigrationTests(StorageEngine.Sqlite);

public sealed class PostgresProcessMigrationTests() : ProcessMigrationTests(StorageEngine.Postgres), IPostgresTests;
