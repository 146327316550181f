using FsCheck;

namespace Tradebook.Cli.Tests.Fuzz;

/// <summary>
/// How many cases each property runs: a CI-sized number by default; <c>TRADEBOOK_FUZZ_RUNS</c> sets more
/// (or fewer) for a longer hunt on a developer's machine, as the parser's fuzz tests do.
/// </summary>
internal static class FuzzRuns
{
    public static Config Cases(int ciDefault) => Config.QuickThrowOnFailure.WithMaxTest(Count(ciDefault));

    public static int Count(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("TRADEBOOK_FUZZ_RUNS"), out var runs) && runs > 0 ? runs : ciDefault;
}
