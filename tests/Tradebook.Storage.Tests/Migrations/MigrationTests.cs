using Dapper;
using Tradebook.Core;
using Tradebook.Storage.Migrations;
using Tradebook.Storage.Schema;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Storage.Tests.Migrations;

public abstract class MigrationTests(StorageEngine engine) : StorageTest(engine)
{
    /// <summary>Versions Tradebook ships, oldest first; the tests hold for any number of them.</summary>
    private static readonly int[] Shipped = EmbeddedMigrationSource.Instance.Load(Tradebook.Storage.Connection.SqlEngine.Sqlite).Select(m => m.Version).ToArray();

    private static int Latest => Shipped[^1];

    /// <summary>A migration newer than every shipped one.</summary>
    private static readonly Migration Notes = new(Latest + 1, "notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)", "DROP TABLE notes");

    /// <summary>A database created from the shipped migrations' raw SQL, as a user without Tradebook's history would have it.</summary>
    private void CreateFromRawSql()
    {
        foreach (var migration in Db.Migrator().Migrations)
        {
            Db.Execute(migration.UpSql);
        }
    }

    [StorageFact]
    public void a_fresh_database_migrates_to_the_latest_version()
    {
        var migrator = Db.Migrator();

        var result = migrator.Migrate();

        Assert.Equal(Shipped, result.Applied);
        var status = migrator.Status();
        Assert.True(status.IsCurrent);
        Assert.Equal(migrator.LatestVersion, status.CurrentVersion);
        Assert.Empty(status.Pending);
        Assert.Contains("fills", Db.Tables());
        Assert.Contains("product_rollups", Db.Tables());
        Assert.Empty(migrator.Validate());
        migrator.EnsureCurrent();
    }

    [StorageFact]
    public void a_second_migrate_is_a_no_op()
    {
        Db.Migrator().Migrate();
        var before = Db.Migrator().Status().Applied;

        var again = Db.Migrator().Migrate();

        Assert.Empty(again.Applied);
        Assert.Empty(again.Plan.Steps);
        Assert.Equal(before, Db.Migrator().Status().Applied);
        Assert.Equal(Shipped.Length, Db.Count("schema_migrations"));
    }

    [StorageFact]
    public void status_of_an_empty_database_shows_everything_pending_and_ensure_current_refuses_it()
    {
        var status = Db.Migrator().Status();

        Assert.Equal(0, status.CurrentVersion);
        Assert.Equal(Shipped, status.Pending.Select(m => m.Version));
        Assert.False(status.IsCurrent);
        var error = Assert.Throws<TradebookException>(() => Db.Migrator().EnsureCurrent());
        Assert.Equal(ErrorCode.SchemaNotInitialized, error.Code);
    }

    [StorageFact]
    public void a_dry_run_plans_the_steps_and_writes_nothing()
    {
        var result = Db.Migrator().Migrate(dryRun: true);

        Assert.True(result.DryRun);
        Assert.Empty(result.Applied);
        Assert.Equal(Shipped, result.Plan.Steps.Select(s => s.Version));
        Assert.Contains("CREATE TABLE fills", result.Plan.Steps[0].Sql, StringComparison.Ordinal);
        Assert.Empty(Db.Tables());
    }

    [StorageFact]
    public void down_to_zero_removes_the_schema_and_migrating_again_restores_it()
    {
        Db.Migrator().Migrate();

        var down = Db.Migrator().Down(0);

        Assert.Equal(Shipped.Reverse(), down.Applied);
        Assert.Equal(["schema_migrations"], Db.Tables());
        Assert.Equal(0, Db.Count("schema_migrations"));

        Assert.Equal(Shipped, Db.Migrator().Migrate().Applied);
        Assert.Empty(DriftCheck.Run(Db.Database, Db.Migrator()));
        Assert.True(Db.Migrator().Status().IsCurrent);
    }

    [StorageFact]
    public void migrate_to_a_version_stops_there_and_down_to_it_undoes_only_later_ones()
    {
        var source = TestMigrationSource.With(Notes);

        Assert.Equal([1], Db.Migrator(source).Migrate(target: 1).Applied);
        Assert.DoesNotContain("notes", Db.Tables());
        Assert.Equal([.. Shipped.Skip(1), Notes.Version], Db.Migrator(source).Migrate().Applied);
        Assert.Contains("notes", Db.Tables());

        Assert.Equal([Notes.Version, .. Shipped.Skip(1).Reverse()], Db.Migrator(source).Down(1).Applied);
        Assert.DoesNotContain("notes", Db.Tables());
        Assert.Contains("fills", Db.Tables());
        Assert.Equal(1, Db.Migrator(source).Status().CurrentVersion);
    }

    [StorageFact]
    public void a_failing_migration_leaves_the_schema_as_it_was_and_records_no_history()
    {
        Db.Migrator().Migrate();
        var before = Db.Query(c => SchemaInspector.Inspect(c, Db.Engine));
        // The first statement works, the second fails: the first must be rolled back with it.
        var bad = new Migration(Latest + 1, "bad", "CREATE TABLE half_done (id INTEGER PRIMARY KEY); ALTER TABLE bots ADD COLUMN nickname TEXT; INSERT INTO no_such_table VALUES (1);", null);

        var error = Assert.Throws<TradebookException>(() => Db.Migrator(TestMigrationSource.With(bad)).Migrate());

        Assert.Equal(ErrorCode.MigrationFailed, error.Code);
        Assert.Contains($"migration {Latest + 1} (bad)", error.Message, StringComparison.Ordinal);
        var after = Db.Query(c => SchemaInspector.Inspect(c, Db.Engine));
        Assert.Empty(DriftCheck.Compare(before, after));
        Assert.Empty(DriftCheck.Compare(after, before));
        Assert.Equal(Shipped, Db.Query(c => c.Query<int>("SELECT version FROM schema_migrations ORDER BY version")));
    }

    [StorageFact]
    public void an_edited_migration_is_refused_naming_its_version()
    {
        Db.Migrator().Migrate();
        var edited = new TestMigrationSource(shipped => shipped.Select(m => m.Version == 1 ? m with { UpSql = m.UpSql + "\n-- tweaked after release\n" } : m).Append(Notes));

        var problem = Assert.Single(Db.Migrator(edited).Validate());
        Assert.Contains("migration 1 (ledger) was edited", problem, StringComparison.Ordinal);

        // Migrating on top of an edited migration is refused, even when newer ones are pending.
        var error = Assert.Throws<TradebookException>(() => Db.Migrator(edited).Migrate());
        Assert.Equal(ErrorCode.MigrationEdited, error.Code);
        Assert.Contains("migration 1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("notes", Db.Tables());
    }

    [StorageFact]
    public void a_line_ending_change_is_not_an_edit()
    {
        Db.Migrator().Migrate();
        var windows = new TestMigrationSource(shipped => shipped.Select(m => m with { UpSql = m.UpSql.Replace("\n", "\r\n", StringComparison.Ordinal) }));

        Assert.Empty(Db.Migrator(windows).Validate());
    }

    [StorageFact]
    public void a_database_newer_than_the_code_is_refused_naming_both_versions()
    {
        Db.Migrator(TestMigrationSource.With(Notes)).Migrate();

        var older = Db.Migrator();
        var error = Assert.Throws<TradebookException>(() => older.Migrate());

        Assert.Equal(ErrorCode.SchemaTooNew, error.Code);
        Assert.Contains($"schema version {Notes.Version}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"schema version {Latest}", error.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.SchemaTooNew, Assert.Throws<TradebookException>(older.EnsureCurrent).Code);
    }

    [StorageFact]
    public void baseline_adopts_a_database_created_from_the_raw_sql()
    {
        CreateFromRawSql();

        var drift = Db.Migrator().Baseline(Latest);

        Assert.Empty(drift);
        Assert.Equal(
            Db.Migrator().Migrations.Select(m => (m.Version, m.Checksum)),
            Db.Migrator().Status().Applied.Select(a => (a.Version, a.Checksum)));
        Assert.True(Db.Migrator().Status().IsCurrent);
        Assert.Empty(Db.Migrator().Migrate().Applied);
    }

    [StorageFact]
    public void baseline_refuses_a_schema_with_a_missing_column_unless_forced()
    {
        CreateFromRawSql();
        Db.Execute("ALTER TABLE bots DROP COLUMN config");

        var error = Assert.Throws<TradebookException>(() => Db.Migrator().Baseline(Latest));

        Assert.Equal(ErrorCode.Drift, error.Code);
        Assert.Contains("column bots.config is missing", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, Db.Migrator().Status().CurrentVersion);

        var forced = Db.Migrator().Baseline(Latest, force: true);
        Assert.Contains("column bots.config is missing", forced);
        Assert.Equal(Latest, Db.Migrator().Status().CurrentVersion);
    }

    [StorageFact]
    public void drift_check_reports_nothing_on_a_fresh_database()
    {
        Db.Migrator().Migrate();

        Assert.Empty(DriftCheck.Run(Db.Database, Db.Migrator()));
    }

    [StorageFact]
    public void drift_check_finds_an_extra_table_column_and_index()
    {
        Db.Migrator().Migrate();
        Db.Execute("""
            CREATE TABLE scratch (id INTEGER PRIMARY KEY);
            ALTER TABLE bots ADD COLUMN nickname TEXT;
            CREATE INDEX bots_by_exchange ON bots (exchange);
            """);

        var drift = DriftCheck.Run(Db.Database, Db.Migrator());

        Assert.Contains("table scratch is not in the migrations", drift);
        Assert.Contains("column bots.nickname is not in the migrations", drift);
        Assert.Contains("index bots (exchange) is not in the migrations", drift);
        Assert.Equal(3, drift.Count);
    }

    [StorageFact]
    public void drift_check_finds_a_dropped_index()
    {
        Db.Migrator().Migrate();
        Db.Execute("DROP INDEX fills_by_position");

        Assert.Equal(["index fills (position_id) is missing"], DriftCheck.Run(Db.Database, Db.Migrator()));
    }
}

public sealed class SqliteMigrationTests() : MigrationTests(StorageEngine.Sqlite);

public sealed class PostgresMigrationTests() : MigrationTests(StorageEngine.Postgres), IPostgresTests;
