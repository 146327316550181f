namespace Tradebook.Storage.Tests.Infrastructure;

/// <summary>
/// Decides what happens to PostgreSQL tests. The server comes from <c>TRADEBOOK_TEST_POSTGRES</c>
/// (./test.sh starts a throwaway one). Without it a developer's run skips them, but a CI run
/// (<c>CI</c> set) fails them: a green CI must mean PostgreSQL was tested.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "TRADEBOOK_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static bool InCi => Environment.GetEnvironmentVariable("CI") is { Length: > 0 };

    /// <summary>Why PostgreSQL tests are skipped, or null when they run (or must fail).</summary>
    public static string? SkipReason =>
        ConnectionString is null && !InCi ? $"{Variable} is not set; run ./test.sh to test on PostgreSQL 15" : null;

    public static string Require() => ConnectionString
        ?? throw new InvalidOperationException($"{Variable} is not set but CI is: PostgreSQL tests must run in CI. Run the tests through ./test.sh, which starts a PostgreSQL 15 and sets {Variable}.");
}
