namespace Tradebook.Storage.Migrations;

/// <summary>A row of <c>schema_migrations</c>.</summary>
public sealed record AppliedMigration(int Version, string Name, string Checksum, DateTimeOffset AppliedAt, long DurationMs, string ToolVersion);

/// <summary>Where a database stands against the migrations this Tradebook ships.</summary>
/// <param name="CurrentVersion">Highest applied version; 0 for an empty database.</param>
/// <param name="LatestVersion">Highest version this Tradebook knows.</param>
/// <param name="Problems">Edited migrations, versions newer than the code: each blocks migrating.</param>
public sealed record MigrationStatus(
    int CurrentVersion,
    int LatestVersion,
    IReadOnlyList<AppliedMigration> Applied,
    IReadOnlyList<Migration> Pending,
    IReadOnlyList<string> Problems)
{
    public bool IsCurrent => CurrentVersion == LatestVersion && Problems.Count == 0;
}

public enum MigrationDirection
{
    Up,
    Down,
}

/// <summary>What a migrate or down run will do, step by step, printable before it is applied.</summary>
public sealed record MigrationPlan(MigrationDirection Direction, int FromVersion, int ToVersion, IReadOnlyList<MigrationStep> Steps);

/// <summary>One migration to run, with the exact SQL.</summary>
public sealed record MigrationStep(int Version, string Name, string Sql);

/// <summary>What a run did: the steps applied by this process (another process may have applied the rest).</summary>
public sealed record MigrationRunResult(MigrationPlan Plan, IReadOnlyList<int> Applied, bool DryRun);
