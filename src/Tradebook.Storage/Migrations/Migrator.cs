using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Tradebook.Core;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Schema;

namespace Tradebook.Storage.Migrations;

/// <summary>
/// Tradebook's migration engine, one for both engines. Each migration and its history row commit in
/// one transaction, so a failure leaves the schema as it was. Two processes never both apply a
/// migration: on PostgreSQL an advisory lock is held for the run; on SQLite each step runs in a
/// write transaction (BEGIN IMMEDIATE) that re-reads the history, a lock that dies with its process.
/// </summary>
public sealed partial class Migrator(TradebookDatabase database, IMigrationSource source, TimeProvider clock)
{
    public Migrator(TradebookDatabase database)
        : this(database, EmbeddedMigrationSource.Instance, TimeProvider.System)
    {
    }

    public IReadOnlyList<Migration> Migrations { get; } = source.Load(database.Engine);

    public int LatestVersion => Migrations.Count == 0 ? 0 : Migrations[^1].Version;

    /// <summary>Where the database stands; a SQLite file that does not exist (and is not to be created) stands at 0, unopened.</summary>
    public MigrationStatus Status() =>
        !database.CreateIfMissing && database.IsMissingFile
            ? StatusOf([])
            : database.Run(connection => StatusOf(MigrationHistory.Read(connection, null, database.Engine)));

    /// <summary>Applied migrations whose shipped file no longer matches, and versions this code does not know.</summary>
    public IReadOnlyList<string> Validate() => Status().Problems;

    /// <summary>
    /// Whether the database holds nothing yet: no table at all but perhaps an empty migration history.
    /// Only such a database may be given Tradebook's schema without being asked (an import into it).
    /// </summary>
    public bool IsBlank() =>
        Status().CurrentVersion == 0
        && database.Run(connection => SchemaInspector.Inspect(connection, database.Engine).Tables.Keys.All(t => t == "schema_migrations"));

    /// <summary>Refuses to work on a database that is not at this Tradebook's version, saying what to run.</summary>
    public void EnsureCurrent()
    {
        var status = Status();
        ThrowOnProblems(status);
        if (!database.CreateIfMissing && database.IsMissingFile)
        {
            throw database.Missing();
        }

        if (status.CurrentVersion == 0)
        {
            throw new TradebookException(ErrorCode.SchemaNotInitialized, $"{database.Target.Display} has no Tradebook schema", new Remedy(RemedyKind.MigrateSchema));
        }

        if (status.CurrentVersion < status.LatestVersion)
        {
            throw new TradebookException(ErrorCode.SchemaNotInitialized, $"{database.Target.Display} is at schema version {status.CurrentVersion}, this Tradebook needs {status.LatestVersion}", new Remedy(RemedyKind.MigrateSchema));
        }
    }

    public MigrationPlan Plan(int? target = null)
    {
        var status = Status();
        ThrowOnProblems(status);
        var to = target ?? LatestVersion;
        if (to > LatestVersion || (to != 0 && Migrations.All(m => m.Version != to)))
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"there is no migration {to}; this Tradebook ships versions {string.Join(", ", Migrations.Select(m => m.Version))}");
        }

        if (to >= status.CurrentVersion)
        {
            var steps = status.Pending.Where(m => m.Version <= to).Select(m => new MigrationStep(m.Version, m.Name, m.UpSql)).ToList();
            return new MigrationPlan(MigrationDirection.Up, status.CurrentVersion, to, steps);
        }

        var down = new List<MigrationStep>();
        foreach (var applied in status.Applied.Where(a => a.Version > to).OrderByDescending(a => a.Version))
        {
            var migration = Migrations.Single(m => m.Version == applied.Version);
            down.Add(new MigrationStep(migration.Version, migration.Name, migration.DownSql
                ?? throw new TradebookException(ErrorCode.InvalidInput, $"migration {migration.Version} ({migration.Name}) ships no down script; it cannot be undone")));
        }

        return new MigrationPlan(MigrationDirection.Down, status.CurrentVersion, to, down);
    }

    /// <summary>Brings the database up to <paramref name="target"/> (default: latest). Never goes down.</summary>
    public MigrationRunResult Migrate(int? target = null, bool dryRun = false)
    {
        var plan = Plan(target);
        if (plan.Direction == MigrationDirection.Down)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"the database is at version {plan.FromVersion}, above {plan.ToVersion}", new Remedy(RemedyKind.MigrateDown, plan.ToVersion.ToString(CultureInfo.InvariantCulture)));
        }

        return dryRun ? new MigrationRunResult(plan, [], true) : Run(plan);
    }

    /// <summary>Undoes migrations above <paramref name="target"/>, newest first, each with its down script.</summary>
    public MigrationRunResult Down(int target, bool dryRun = false)
    {
        if (target < 0)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"the target version must be 0 or a shipped migration version (got {target})");
        }

        var plan = Plan(target);
        if (plan.Direction == MigrationDirection.Up && plan.Steps.Count > 0)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"the database is at version {plan.FromVersion}, below {target}", new Remedy(RemedyKind.MigrateUp, target.ToString(CultureInfo.InvariantCulture)));
        }

        return dryRun ? new MigrationRunResult(plan with { Direction = MigrationDirection.Down }, [], true) : Run(plan);
    }

    private MigrationRunResult Run(MigrationPlan plan)
    {
        var applied = new List<int>();
        using var connection = database.Open();
        if (plan.FromVersion == 0 && plan.Direction == MigrationDirection.Up)
        {
            RefuseForeign(connection);
        }

        try
        {
            using var runLock = MigrationLock.Acquire(connection, database.Engine);
            foreach (var step in plan.Steps)
            {
                if (RunStep(connection, plan.Direction, step))
                {
                    applied.Add(step.Version);
                }
            }
        }
        catch (TradebookException)
        {
            throw;
        }
        catch (Exception e)
        {
            var translated = database.Translate(e);
            throw translated is TradebookException { Code: not ErrorCode.CannotOpen } ? translated
                : new TradebookException(ErrorCode.MigrationFailed, $"migration failed and was rolled back, the schema is as it was: {e.Message}", e);
        }

        return new MigrationRunResult(plan, applied, false);
    }

    /// <summary>Runs one step in its own transaction; false when another process had already done it.</summary>
    private bool RunStep(DbConnection connection, MigrationDirection direction, MigrationStep step)
    {
        using var transaction = connection.BeginTransaction();
        using (var create = connection.Command(transaction, MigrationHistory.CreateTableSql(database.Engine)))
        {
            create.ExecuteNonQuery();
        }

        // Re-read under the lock: the decision to apply is taken by exactly one process.
        var done = MigrationHistory.Read(connection, transaction, database.Engine).Any(a => a.Version == step.Version);
        if (done == (direction == MigrationDirection.Up))
        {
            transaction.Rollback();
            return false;
        }

        var watch = Stopwatch.StartNew();
        try
        {
            using (var command = connection.Command(transaction, step.Sql))
            {
                command.CommandTimeout = 0;
                command.ExecuteNonQuery();
            }
        }
        catch (Exception e)
        {
            throw new TradebookException(ErrorCode.MigrationFailed, $"migration {step.Version} ({step.Name}) {direction.ToString().ToLowerInvariant()} failed and was rolled back, the schema is as it was: {e.Message}", e);
        }

        var migration = Migrations.Single(m => m.Version == step.Version);
        if (direction == MigrationDirection.Up)
        {
            MigrationHistory.Insert(connection, transaction, database, migration, clock.GetUtcNow(), watch.ElapsedMilliseconds);
        }
        else
        {
            MigrationHistory.Delete(connection, transaction, step.Version);
        }

        transaction.Commit();
        return true;
    }

    /// <summary>
    /// Tradebook adds its tables only to an empty database or its own: a database that holds other tables
    /// and no migration history is another program's (named by mistake), and is left untouched.
    /// </summary>
    private void RefuseForeign(DbConnection connection)
    {
        try
        {
            var foreign = SchemaInspector.Inspect(connection, database.Engine).Tables.Keys.Where(t => t != "schema_migrations").Order(StringComparer.Ordinal).ToList();
            if (foreign.Count > 0 && MigrationHistory.Read(connection, null, database.Engine).Count == 0)
            {
                throw new TradebookException(ErrorCode.SchemaNotInitialized, $"{database.Target.Display} has no Tradebook schema but holds other tables ({string.Join(", ", foreign.Take(5))}{(foreign.Count > 5 ? ", …" : string.Empty)}): another program's database? Tradebook adds its tables only to an empty database or its own", new Remedy(RemedyKind.ChooseOwnDatabase));
            }
        }
        catch (Exception e) when (e is not TradebookException)
        {
            throw database.Translate(e);
        }
    }

    private MigrationStatus StatusOf(List<AppliedMigration> applied)
    {
        var problems = new List<string>();
        foreach (var row in applied)
        {
            var shipped = Migrations.FirstOrDefault(m => m.Version == row.Version);
            if (shipped is null)
            {
                problems.Add(row.Version > LatestVersion
                    ? $"the database is at schema version {applied.Max(a => a.Version)}, newer than this Tradebook ({ToolVersion.Current}, schema version {LatestVersion}); upgrade Tradebook"
                    : $"migration {row.Version} ({row.Name}) is applied but not shipped with this Tradebook");
            }
            else if (!string.Equals(shipped.Checksum, row.Checksum, StringComparison.Ordinal))
            {
                problems.Add($"migration {row.Version} ({row.Name}) was edited after it was applied: checksum {Migration.Short(row.Checksum)} in the database, {Migration.Short(shipped.Checksum)} shipped; restore the original script");
            }
        }

        var current = applied.Count == 0 ? 0 : applied.Max(a => a.Version);
        var appliedVersions = applied.Select(a => a.Version).ToHashSet();
        var pending = Migrations.Where(m => !appliedVersions.Contains(m.Version)).ToList();
        return new MigrationStatus(current, LatestVersion, applied, pending, problems.Distinct().ToList());
    }

    private static void ThrowOnProblems(MigrationStatus status)
    {
        if (status.Problems.Count == 0)
        {
            return;
        }

        var code = status.CurrentVersion > status.LatestVersion ? ErrorCode.SchemaTooNew : ErrorCode.MigrationEdited;
        throw new TradebookException(code, string.Join("; ", status.Problems));
    }
}
