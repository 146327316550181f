using Tradebook.Core;
using Tradebook.Storage.Schema;

namespace Tradebook.Storage.Migrations;

public sealed partial class Migrator
{
    /// <summary>
    /// Adopts a database whose schema was created outside the engine: records migrations up to
    /// <paramref name="version"/> as applied without running them. Refuses when the live schema does
    /// not match what those migrations produce, unless <paramref name="force"/>.
    /// </summary>
    public IReadOnlyList<string> Baseline(int version, bool force = false)
    {
        var status = Status();
        if (status.CurrentVersion > 0)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"{database.Target.Display} already has migration history (version {status.CurrentVersion}); baseline adopts only databases without one");
        }

        var migrations = Migrations.Where(m => m.Version <= version).ToList();
        if (migrations.Count == 0 || migrations[^1].Version != version)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"there is no migration {version} to baseline at");
        }

        var expected = DriftCheck.Expected(database, migrations);
        var live = database.Run(c => SchemaInspector.Inspect(c, database.Engine));
        var drift = DriftCheck.Compare(expected, live).Where(d => !d.Contains("schema_migrations", StringComparison.Ordinal)).ToList();
        if (drift.Count > 0 && !force)
        {
            throw new TradebookException(ErrorCode.Drift, $"the schema of {database.Target.Display} does not match migration {version}: {string.Join("; ", drift.Take(5))}{(drift.Count > 5 ? $" (and {drift.Count - 5} more)" : string.Empty)}", new Remedy(RemedyKind.BaselineAnyway));
        }

        database.InTransaction((connection, transaction) =>
        {
            using (var create = Connection.DbCommandExtensions.Command(connection, transaction, MigrationHistory.CreateTableSql(database.Engine)))
            {
                create.ExecuteNonQuery();
            }

            foreach (var migration in migrations)
            {
                MigrationHistory.Insert(connection, transaction, database, migration, clock.GetUtcNow(), 0);
            }

            return 0;
        });
        return drift;
    }
}
